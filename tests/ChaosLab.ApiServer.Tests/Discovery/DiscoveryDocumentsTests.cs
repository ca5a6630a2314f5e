using ChaosLab.ApiServer.Discovery;

namespace ChaosLab.ApiServer.Tests.Discovery;

[Category("Unit")]
public sealed class DiscoveryDocumentsTests
{
    [Test]
    public void Deployments_scale_is_announced_as_autoscaling_v1_Scale_as_kubectl_scale_needs()
    {
        var apps = DiscoveryDocuments.ResourceList("apps/v1")!;
        var scale = apps["resources"]!.AsArray().Single(r => (string?)r!["name"] == "deployments/scale")!;

        Assert.That(((string?)scale["group"], (string?)scale["version"], (string?)scale["kind"]), Is.EqualTo(("autoscaling", "v1", "Scale")));
    }

    [Test]
    public void Kubectl_aggregated_accept_header_selects_v2()
    {
        const string accept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
        Assert.That(DiscoveryDocuments.WantsAggregated(accept), Is.True);
        Assert.That(DiscoveryDocuments.WantsAggregated("application/json"), Is.False);
    }

    [Test]
    public void Aggregated_core_group_lists_pods_with_short_names_and_subresources()
    {
        var doc = DiscoveryDocuments.Aggregated(core: true);
        var pods = doc["items"]![0]!["versions"]![0]!["resources"]!.AsArray().Single(r => (string?)r!["resource"] == "pods")!;

        Assert.That((string?)pods["scope"], Is.EqualTo("Namespaced"));
        Assert.That(pods["shortNames"]!.AsArray().Select(s => (string?)s), Does.Contain("po"));
        Assert.That(pods["subresources"]!.AsArray().Select(s => (string?)s!["subresource"]), Does.Contain("status").And.Contain("binding"));
    }

    [Test]
    public void Group_list_names_every_named_group_with_a_preferred_version()
    {
        var groups = DiscoveryDocuments.ApiGroupList()["groups"]!.AsArray().Select(g => (string?)g!["name"]).ToList();
        Assert.That(groups, Is.SupersetOf(new[] { "apps", "coordination.k8s.io", "discovery.k8s.io" }));
    }
}
