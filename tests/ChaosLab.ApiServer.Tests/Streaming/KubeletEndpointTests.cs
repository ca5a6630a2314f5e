using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Streaming;

namespace ChaosLab.ApiServer.Tests.Streaming;

[Category("Unit")]
public sealed class KubeletEndpointTests
{
    [Test]
    public void The_kubelet_is_at_the_nodes_InternalIP_and_daemon_endpoint_port()
    {
        var node = JsonNode.Parse("""
            {"status":{"addresses":[{"type":"Hostname","address":"worker-1"},{"type":"InternalIP","address":"172.30.1.14"}],
             "daemonEndpoints":{"kubeletEndpoint":{"Port":10250}}}}
            """)!.AsObject();

        Assert.That(KubeletConnection.Endpoint(node), Is.EqualTo(("172.30.1.14", 10250)));
    }

    [Test]
    public void Without_a_port_the_default_is_10250_and_without_an_IP_there_is_no_endpoint()
    {
        var node = JsonNode.Parse("""{"status":{"addresses":[{"type":"ExternalIP","address":"203.0.113.5"}]}}""")!.AsObject();
        Assert.That(KubeletConnection.Endpoint(node), Is.EqualTo(("203.0.113.5", 10250)));

        var nameOnly = JsonNode.Parse("""{"status":{"addresses":[{"type":"Hostname","address":"worker-1"}]}}""")!.AsObject();
        var error = Assert.Throws<ApiException>(() => KubeletConnection.Endpoint(nameOnly))!;
        Assert.That((error.Code, error.Message), Is.EqualTo((500, "no preferred addresses found; known addresses: [{Hostname worker-1}]")));
    }

    [TestCase(400, "container \"echo\" in pod \"web\" is waiting to start: ContainerCreating", 400, "BadRequest", "container \"echo\" in pod \"web\" is waiting to start: ContainerCreating")]
    [TestCase(404, "pod \"web\" does not exist", 404, "NotFound", "pod \"web\" does not exist")]
    [TestCase(500, "disk on fire", 500, "InternalError", "Internal error occurred: disk on fire")]
    [TestCase(403, "Forbidden (user=x, verb=get, resource=nodes, subresource=proxy)", 403, "InternalError", "the server responded with the status code 403: Forbidden (user=x, verb=get, resource=nodes, subresource=proxy)")]
    public void A_kubelets_refusal_becomes_a_Status_as_upstreams_response_checker_makes_it(int code, string body, int status, string reason, string message)
    {
        var error = KubeletResponse.Error(code, body + "\n");

        Assert.That((error.Code, error.Reason, error.Message), Is.EqualTo((status, reason, message)));
    }

    [Test]
    public void A_failure_after_the_upgrade_goes_out_on_the_error_channel()
    {
        var frame = ExecErrorFrame.InternalError("error dialing backend: connection refused", RemoteCommandProtocol.Negotiate(["v5.channel.k8s.io"])!);

        Assert.That(frame[0], Is.EqualTo(3));
        var status = JsonNode.Parse(frame.AsSpan(1))!;
        Assert.That(((string?)status["status"], (string?)status["reason"], (string?)status["message"]),
            Is.EqualTo(("Failure", "InternalError", "Internal error occurred: error dialing backend: connection refused")));
        _ = JsonSerializer.Serialize(status);
    }

    [Test]
    public void For_channel_k8s_io_a_failure_goes_out_as_its_message_alone()
    {
        var frame = ExecErrorFrame.InternalError("error dialing backend: connection refused", RemoteCommandProtocol.Negotiate([])!);

        Assert.That(frame[0], Is.EqualTo(3));
        Assert.That(System.Text.Encoding.UTF8.GetString(frame.AsSpan(1)), Is.EqualTo("Internal error occurred: error dialing backend: connection refused"));
    }
}
