using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.Tests.Validation;

[Category("Unit")]
public sealed class RbacStrategyTests
{
    private static IResourceStrategy Strategy(string plural) =>
        ResourceStrategies.For(ResourceCatalog.All.Single(r => r.Group == "rbac.authorization.k8s.io" && r.Plural == plural));

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static IEnumerable<string> Causes(string plural, JsonObject obj, JsonObject? old = null)
    {
        var strategy = Strategy(plural);
        strategy.Default(obj);
        return strategy.Validate(obj, old).Select(c => $"{c.Field}: {c.Message}");
    }

    [Test]
    public void Role_rules_need_verbs_and_groups_with_resources_and_only_cluster_roles_may_name_urls()
    {
        var role = Parse("""{"metadata":{"name":"r","namespace":"shop"},"rules":[{"resources":["pods"]},{"verbs":["get"],"nonResourceURLs":["/healthz"]}]}""");

        Assert.That(Causes("roles", role), Is.EqualTo(new[]
        {
            "rules[0].verbs: Required value: verbs must contain at least one value",
            "rules[0].apiGroups: Required value: resource rules must supply at least one api group",
            "rules[1].nonResourceURLs: Invalid value: []string{\"/healthz\"}: namespaced rules cannot apply to non-resource URLs",
        }));
        var clusterRole = Parse("""{"metadata":{"name":"system:r"},"rules":[{"verbs":["get"],"nonResourceURLs":["/healthz"]},{"verbs":["get"],"apiGroups":[""],"resources":["pods"],"nonResourceURLs":["/x"]}]}""");
        Assert.That(Causes("clusterroles", clusterRole), Is.EqualTo(new[]
        {
            "rules[1].nonResourceURLs: Invalid value: []string{\"/x\"}: rules cannot apply to both regular resources and non-resource URLs",
        }));
    }

    [Test]
    public void Rbac_names_are_path_segments_so_colons_are_fine_and_slashes_not()
    {
        Assert.That(Causes("clusterroles", Parse("""{"metadata":{"name":"system:controller:x"}}""")), Is.Empty);
        Assert.That(Causes("clusterroles", Parse("""{"metadata":{"name":"a/b"}}""")), Is.EqualTo(new[] { "metadata.name: Invalid value: \"a/b\": may not contain '/'" }));
    }

    [Test]
    public void An_aggregation_rule_needs_selectors()
    {
        Assert.That(Causes("clusterroles", Parse("""{"metadata":{"name":"agg"},"aggregationRule":{}}""")),
            Is.EqualTo(new[] { "aggregationRule.clusterRoleSelectors: Required value" }));
    }

    [Test]
    public void Binding_subjects_and_role_refs_are_checked_and_api_groups_defaulted()
    {
        var binding = Parse("""{"metadata":{"name":"b","namespace":"shop"},"roleRef":{"kind":"Thing","name":"r"},"subjects":[{"kind":"User","name":"alice"},{"kind":"ServiceAccount","name":"robot","apiGroup":"rbac.authorization.k8s.io"},{"kind":"Robot","name":"x"},{"kind":"Group"}]}""");

        Assert.That(Causes("rolebindings", binding), Is.EqualTo(new[]
        {
            "roleRef.kind: Unsupported value: \"Thing\": supported values: \"Role\", \"ClusterRole\"",
            "subjects[1].apiGroup: Unsupported value: \"rbac.authorization.k8s.io\": supported values: \"\"",
            "subjects[2].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\"",
            "subjects[3].name: Required value",
        }));
        Assert.That((string?)binding["roleRef"]!["apiGroup"], Is.EqualTo("rbac.authorization.k8s.io"));
        Assert.That((string?)binding["subjects"]![0]!["apiGroup"], Is.EqualTo("rbac.authorization.k8s.io"));
    }

    [Test]
    public void Cluster_bindings_refer_to_cluster_roles_and_need_service_account_namespaces()
    {
        var binding = Parse("""{"metadata":{"name":"b"},"roleRef":{"kind":"Role","name":"r"},"subjects":[{"kind":"ServiceAccount","name":"robot"}]}""");

        Assert.That(Causes("clusterrolebindings", binding), Is.EqualTo(new[]
        {
            "roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"",
            "subjects[0].namespace: Required value",
        }));
    }

    [Test]
    public void The_role_ref_of_a_binding_never_changes()
    {
        var old = Parse("""{"metadata":{"name":"b","namespace":"shop","uid":"1","creationTimestamp":"2026-01-01T00:00:00Z","resourceVersion":"5"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"}}""");
        var changed = old.DeepClone().AsObject();
        changed["roleRef"]!["name"] = "other";
        var strategy = Strategy("rolebindings");
        strategy.PrepareForUpdate(changed, old);

        Assert.That(strategy.Validate(changed, old).Select(c => $"{c.Field}: {c.Message}"), Is.EqualTo(new[]
        {
            "roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"Role\", Name:\"other\"}: cannot change roleRef",
        }));
    }
}
