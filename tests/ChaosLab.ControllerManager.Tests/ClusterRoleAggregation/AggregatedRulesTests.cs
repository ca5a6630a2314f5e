using ChaosLab.ControllerManager.ClusterRoleAggregation;
using k8s.Models;

namespace ChaosLab.ControllerManager.Tests.ClusterRoleAggregation;

[Category("Unit")]
public sealed class AggregatedRulesTests
{
    private static V1ClusterRole Role(string name, Dictionary<string, string>? labels, params V1PolicyRule[] rules) =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = labels }, Rules = rules };

    private static V1PolicyRule Rule(string verb, string resource) => new() { Verbs = [verb], ApiGroups = [""], Resources = [resource] };

    private static V1ClusterRole Aggregated(string name, string label) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        AggregationRule = new V1AggregationRule { ClusterRoleSelectors = [new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [label] = "true" } }] },
    };

    [Test]
    public void An_aggregated_role_gathers_the_rules_of_the_roles_its_selectors_match_in_name_order_once_each()
    {
        var view = Aggregated("view", "aggregate-to-view");
        var roles = new[]
        {
            view,
            Role("z-extra", new() { ["aggregate-to-view"] = "true" }, Rule("get", "widgets"), Rule("list", "pods")),
            Role("a-base", new() { ["aggregate-to-view"] = "true" }, Rule("list", "pods")),
            Role("unrelated", new() { ["aggregate-to-edit"] = "true" }, Rule("delete", "pods")),
            Role("unlabelled", null, Rule("get", "secrets")),
        };

        var rules = AggregatedRules.Compute(view, roles);

        Assert.That(rules.Select(r => $"{r.Verbs[0]} {r.Resources[0]}"), Is.EqualTo(new[] { "list pods", "get widgets" }));
        Assert.That(AggregatedRules.SameRules(rules, [Rule("list", "pods"), Rule("get", "widgets")]), Is.True);
        Assert.That(AggregatedRules.SameRules(rules, [Rule("get", "widgets"), Rule("list", "pods")]), Is.False);
    }

    [Test]
    public void Aggregation_chains_through_roles_that_are_themselves_aggregated()
    {
        // edit carries aggregate-to-admin and its rules (already aggregated) flow into admin.
        var admin = Aggregated("admin", "aggregate-to-admin");
        var edit = Role("edit", new() { ["aggregate-to-admin"] = "true" }, Rule("create", "pods"));
        var own = Role("system:aggregate-to-admin", new() { ["aggregate-to-admin"] = "true" }, Rule("create", "roles"));

        Assert.That(AggregatedRules.Compute(admin, [admin, edit, own]).Select(r => r.Resources[0]), Is.EqualTo(new[] { "pods", "roles" }));
        Assert.That(AggregatedRules.Compute(Role("plain", null), [edit]), Is.Empty);
    }
}
