using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Streaming;

namespace ChaosLab.ApiServer.Tests.Streaming;

[Category("Unit")]
public sealed class ContainerSelectionTests
{
    [Test]
    public void A_single_container_needs_no_name()
    {
        Assert.That(ContainerSelection.Resolve(Pod("web", "echo"), null), Is.EqualTo("echo"));
        Assert.That(ContainerSelection.Resolve(Pod("web", "echo"), "echo"), Is.EqualTo("echo"));
    }

    [Test]
    public void Several_containers_and_no_name_is_upstreams_400_listing_them()
    {
        var error = Assert.Throws<ApiException>(() => ContainerSelection.Resolve(Pod("web", "app", "sidecar"), null))!;

        Assert.That((error.Code, error.Reason, error.Message), Is.EqualTo((400, "BadRequest", "a container name must be specified for pod web, choose one of: [app sidecar]")));
    }

    [Test]
    public void A_name_not_in_the_spec_is_upstreams_400()
    {
        var error = Assert.Throws<ApiException>(() => ContainerSelection.Resolve(Pod("web", "echo"), "nope"))!;

        Assert.That((error.Code, error.Message), Is.EqualTo((400, "container nope is not valid for pod web")));
    }

    [Test]
    public void The_node_is_the_pods_binding()
    {
        var pod = Pod("web", "echo");
        Assert.That(ContainerSelection.Node(pod), Is.Null);
        pod["spec"]!["nodeName"] = "worker-2";
        Assert.That(ContainerSelection.Node(pod), Is.EqualTo("worker-2"));
    }

    [Test]
    public void Exec_needs_the_container_running()
    {
        var pod = Pod("web", "echo");
        Assert.That(Refusal(pod), Is.EqualTo("container \"echo\" in pod \"web\" is waiting to start: ContainerCreating"));

        pod["status"] = JsonNode.Parse("""{"phase":"Pending","containerStatuses":[{"name":"echo","state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}""");
        Assert.That(Refusal(pod), Is.EqualTo("container \"echo\" in pod \"web\" is waiting to start: CrashLoopBackOff"));

        pod["status"] = JsonNode.Parse("""{"phase":"Succeeded","containerStatuses":[{"name":"echo","state":{"terminated":{"reason":"Completed"}}}]}""");
        Assert.That(Refusal(pod), Is.EqualTo("cannot exec into a container in a completed pod; current phase is Succeeded"));

        pod["status"] = JsonNode.Parse("""{"phase":"Running","containerStatuses":[{"name":"echo","state":{"running":{"startedAt":"2025-01-01T00:00:00Z"}}}]}""");
        Assert.That(() => ContainerSelection.RequireRunning(pod, "echo"), Throws.Nothing);
    }

    [Test]
    public void Attach_to_a_completed_pod_is_refused_in_kubectls_words()
    {
        var pod = Pod("web", "echo");
        pod["status"] = JsonNode.Parse("""{"phase":"Failed","containerStatuses":[{"name":"echo","state":{"terminated":{"reason":"Error"}}}]}""");

        var error = Assert.Throws<ApiException>(() => ContainerSelection.RequireRunning(pod, "echo", "attach"))!;

        Assert.That((error.Code, error.Message), Is.EqualTo((400, "cannot attach a container in a completed pod; current phase is Failed")));
    }

    private static string Refusal(JsonObject pod)
    {
        var error = Assert.Throws<ApiException>(() => ContainerSelection.RequireRunning(pod, "echo"))!;
        Assert.That(error.Code, Is.EqualTo(400));
        return error.Message;
    }

    private static JsonObject Pod(string name, params string[] containers) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject { ["containers"] = new JsonArray(containers.Select(c => (JsonNode)new JsonObject { ["name"] = c, ["image"] = "chaoslab/echo" }).ToArray()) },
    };
}
