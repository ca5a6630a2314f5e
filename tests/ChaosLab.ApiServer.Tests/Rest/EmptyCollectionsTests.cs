using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using k8s.Models;

namespace ChaosLab.ApiServer.Tests.Rest;

/// <summary>Empty lists and maps are not kept, as upstream's omitempty struct fields drop them; the few untagged fields keep [].</summary>
[Category("Unit")]
public sealed class EmptyCollectionsTests
{
    private static JsonObject Canonical(string body, Type modelType) =>
        ObjectCodec.Canonicalize(JsonNode.Parse(body)!.AsObject(), modelType, strict: false, out _);

    [Test]
    public void A_node_whose_last_taint_was_removed_has_no_taints_field()
    {
        var patched = ResourceHandler.ApplyPatch(
            JsonNode.Parse("""{"kind":"Node","metadata":{"name":"w1"},"spec":{"podCIDR":"10.244.1.0/24","taints":[{"key":"k","effect":"NoSchedule"}]}}""")!.AsObject(),
            JsonNode.Parse("""[{"op":"remove","path":"/spec/taints/0"}]""")!, "application/json-patch+json", "Node");

        var node = ObjectCodec.Canonicalize(patched, typeof(V1Node), strict: false, out _);

        Assert.That(node["spec"]!.ToJsonString(), Is.EqualTo("""{"podCIDR":"10.244.1.0/24"}"""));
    }

    [Test]
    public void Empty_maps_and_nested_empty_lists_are_dropped_but_empty_objects_stay()
    {
        var pod = Canonical("""
            {"metadata":{"name":"p","labels":{},"finalizers":[]},
             "spec":{"containers":[{"name":"c","image":"i","args":[],"env":[],"resources":{"limits":{}}}],"volumes":[],"securityContext":{}}}
            """, typeof(V1Pod));

        Assert.That(pod["metadata"]!.ToJsonString(), Is.EqualTo("""{"name":"p"}"""));
        Assert.That(pod["spec"]!.ToJsonString(), Is.EqualTo("""{"containers":[{"image":"i","name":"c","resources":{}}],"securityContext":{}}"""));
    }

    [Test]
    public void Fields_go_writes_even_when_empty_keep_their_empty_list()
    {
        var pod = Canonical("""{"metadata":{"name":"p"},"spec":{"containers":[]}}""", typeof(V1Pod));
        var slice = Canonical("""{"metadata":{"name":"s"},"addressType":"IPv4","endpoints":[],"ports":[]}""", typeof(V1EndpointSlice));

        Assert.That(pod["spec"]!.ToJsonString(), Is.EqualTo("""{"containers":[]}"""));
        Assert.That((slice["endpoints"]?.ToJsonString(), slice["ports"]?.ToJsonString()), Is.EqualTo(("[]", "[]")));
    }

    [Test]
    public void A_configmap_with_empty_data_has_no_data_field()
    {
        Assert.That(Canonical("""{"metadata":{"name":"c"},"data":{}}""", typeof(V1ConfigMap)).ContainsKey("data"), Is.False);
    }
}
