using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Admission;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Tests.Admission;

[Category("Unit")]
public sealed class DefaultTolerationSecondsTests
{
    private static readonly ResourceType Pods = ResourceCatalog.Find("", "v1", "pods")!;

    [Test]
    public async Task A_new_pod_tolerates_not_ready_and_unreachable_for_the_profile_seconds()
    {
        var pod = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","image":"b"}]}}""")!.AsObject();
        await new DefaultTolerationSeconds(10, 12).AdmitAsync(Attributes(pod), default);

        var tolerations = pod["spec"]!["tolerations"]!.AsArray();
        Assert.That(tolerations.Select(t => ((string?)t!["key"], (long?)t["tolerationSeconds"], (string?)t["effect"])),
            Is.EqualTo(new[] { ("node.kubernetes.io/not-ready", (long?)10, "NoExecute"), ("node.kubernetes.io/unreachable", (long?)12, "NoExecute") }));
    }

    [Test]
    public async Task A_pod_that_already_tolerates_a_taint_keeps_its_own_toleration()
    {
        var pod = JsonNode.Parse("""{"spec":{"tolerations":[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":1}]}}""")!.AsObject();
        await new DefaultTolerationSeconds(10, 12).AdmitAsync(Attributes(pod), default);

        var tolerations = pod["spec"]!["tolerations"]!.AsArray();
        Assert.That(tolerations, Has.Count.EqualTo(2));
        Assert.That(tolerations.Count(t => (string?)t!["key"] == "node.kubernetes.io/unreachable"), Is.EqualTo(1));
        Assert.That((long?)tolerations.Single(t => (string?)t!["key"] == "node.kubernetes.io/unreachable")!["tolerationSeconds"], Is.EqualTo(1));
    }

    private static AdmissionAttributes Attributes(JsonObject pod) =>
        new(AdmissionOperation.Create, Pods, null, "default", "p", pod, null, RequestUser.System);
}
