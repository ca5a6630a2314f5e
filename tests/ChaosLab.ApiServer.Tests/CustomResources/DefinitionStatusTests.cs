using System.Text.Json.Nodes;
using ChaosLab.ApiServer.CustomResources;
using ChaosLab.ApiServer.Resources;
using static ChaosLab.ApiServer.Tests.CustomResources.CrdFixtures;

namespace ChaosLab.ApiServer.Tests.CustomResources;

[TestFixture]
[Category("Unit")]
public sealed class DefinitionStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Test]
    public void A_new_CRD_gets_its_names_accepted_and_is_established()
    {
        var crd = CronTabs();
        var status = DefinitionStatus.Desired(crd, [crd], Now);

        Assert.That(status["acceptedNames"]!.ToJsonString(), Is.EqualTo(crd["spec"]!["names"]!.ToJsonString()));
        Assert.That(Condition(status, "NamesAccepted"), Is.EqualTo("True/NoConflicts"));
        Assert.That(Condition(status, "Established"), Is.EqualTo("True/InitialNamesAccepted"));
        Assert.That(status["storedVersions"]!.ToJsonString(), Is.EqualTo("""["v1"]"""));
    }

    [Test]
    public void Desired_status_is_stable_so_API_servers_do_not_rewrite_it()
    {
        var crd = CronTabs();
        crd["status"] = DefinitionStatus.Desired(crd, [crd], Now);

        Assert.That(JsonNode.DeepEquals(DefinitionStatus.Desired(crd, [crd], Now.AddMinutes(5)), crd["status"]), Is.True);
    }

    [Test]
    public void A_kind_another_CRD_of_the_group_holds_is_not_accepted()
    {
        var first = CronTabs();
        first["status"] = DefinitionStatus.Desired(first, [first], Now);
        var second = CronTabs();
        second["metadata"]!["name"] = "crontabs2.stable.example.com";
        second["spec"]!["names"]!["plural"] = "crontabs2";
        second["spec"]!["names"]!["singular"] = "crontab2";
        second["spec"]!["names"]!["shortNames"] = new JsonArray();
        var status = DefinitionStatus.Desired(second, [first, second], Now);

        Assert.That(Condition(status, "NamesAccepted"), Is.EqualTo("False/MultipleNamesNotAccepted"));
        Assert.That(Condition(status, "Established"), Is.EqualTo("False/NotAccepted"));
        second["status"] = status;
        Assert.That(CustomResourceTypes.Of(second), Is.Empty);
    }

    [Test]
    public void An_established_CRD_serves_each_served_version_with_its_subresources()
    {
        var crd = CronTabs();
        crd["status"] = DefinitionStatus.Desired(crd, [crd], Now);
        var types = CustomResourceTypes.Of(crd);

        Assert.That(types.Select(t => t.Version), Is.EqualTo(new[] { "v1", "v1beta1" }), "preferred version first");
        var v1 = types[0];
        Assert.That(v1.StoragePrefix, Is.EqualTo("/registry/stable.example.com/crontabs/"));
        Assert.That(v1.Namespaced, Is.True);
        Assert.That(v1.ShortNames, Is.EqualTo(new[] { "ct" }));
        Assert.That(v1.Subresources.Select(s => s.Name), Is.EqualTo(new[] { "status", "scale" }));
        Assert.That(v1.Custom!.Scale!.LabelSelectorPath, Is.EqualTo(".status.selector"));
        Assert.That(types[1].Subresources, Is.Empty);
    }

    [Test]
    public void The_catalog_serves_custom_types_beside_the_built_in_ones_and_drops_them_again()
    {
        var crd = CronTabs();
        crd["status"] = DefinitionStatus.Desired(crd, [crd], Now);
        try
        {
            ResourceCatalog.ServeCustom(CustomResourceTypes.Of(crd));
            Assert.That(ResourceCatalog.Find("stable.example.com", "v1", "crontabs"), Is.Not.Null);
            Assert.That(ResourceCatalog.GroupVersions, Does.Contain("stable.example.com/v1beta1"));
            Assert.That(ResourceCatalog.Find("", "v1", "pods"), Is.Not.Null);
        }
        finally
        {
            ResourceCatalog.ServeCustom([]);
        }
        Assert.That(ResourceCatalog.Find("stable.example.com", "v1", "crontabs"), Is.Null);
    }

    [Test]
    public void Deleting_marks_the_CRD_with_the_cleanup_finalizer_and_Terminating()
    {
        var crd = CronTabs();
        var finalizers = new List<string>();
        CustomResourceCleanup.MarkForCleanup(crd, finalizers, Now);

        Assert.That(finalizers, Is.EqualTo(new[] { "customresourcecleanup.apiextensions.k8s.io" }));
        Assert.That(Condition(crd["status"]!.AsObject(), "Terminating"), Is.EqualTo("True/InstanceDeletionPending"));
    }

    [Test]
    public void Versions_are_ordered_as_upstream_prefers_them()
    {
        var versions = new[] { "v1alpha1", "foo", "v1", "v2beta1", "v1beta2", "v2", "v1beta1" }.Order(VersionPriority.Comparer);

        Assert.That(versions, Is.EqualTo(new[] { "v2", "v1", "v2beta1", "v1beta2", "v1beta1", "v1alpha1", "foo" }));
    }

    private static string Condition(JsonObject status, string type) =>
        status["conditions"]!.AsArray().OfType<JsonObject>().Where(c => (string?)c["type"] == type).Select(c => $"{c["status"]}/{c["reason"]}").Single();
}
