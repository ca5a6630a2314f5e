using ChaosLab.Kubelet.Server;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class PortForwardWebSocketTests
{
    [Test]
    public void A_request_naming_no_subprotocol_is_served_unnamed_and_v4_when_named()
    {
        Assert.That(PortForwardWebSocket.Negotiate([]), Is.EqualTo(PortForwardWebSocket.Unnamed));
        Assert.That(PortForwardWebSocket.Negotiate(["v5.channel.k8s.io", "v4.channel.k8s.io"]), Is.EqualTo("v4.channel.k8s.io"));
        Assert.That(PortForwardWebSocket.Negotiate(["v5.channel.k8s.io"]), Is.Null);
    }

    [TestCase("?port=8080", new[] { 8080 })]
    [TestCase("?port=80&port=443", new[] { 80, 443 })]
    [TestCase("?port=80,443", new[] { 80, 443 })]
    public void Ports_are_read_as_upstreams_kubelet_reads_them(string query, int[] ports)
    {
        Assert.That(PortForwardWebSocket.Ports(Query.Of(query)), Is.EqualTo(ports));
    }

    [TestCase("", "query parameter \"port\" is required")]
    [TestCase("?port=", "query parameter \"port\" cannot be empty")]
    [TestCase("?port=x", "unable to parse \"x\" as a port")]
    [TestCase("?port=0", "port \"0\" must be > 0")]
    [TestCase("?port=65536", "unable to parse \"65536\" as a port")]
    public void Bad_ports_are_a_400(string query, string message)
    {
        var error = Assert.Throws<KubeletRequestException>(() => PortForwardWebSocket.Ports(Query.Of(query)))!;

        Assert.That((error.StatusCode, error.Message), Is.EqualTo((400, message)));
    }

    [TestCase("http://127.0.0.1:35000/portforward/abc", "ws://127.0.0.1:35000/portforward/abc")]
    [TestCase("https://10.0.0.1:10010/portforward/abc", "wss://10.0.0.1:10010/portforward/abc")]
    public void The_runtimes_streaming_url_is_dialled_as_a_websocket(string url, string expected)
    {
        Assert.That(PortForwardWebSocket.WebSocketUrl(new Uri(url)).ToString(), Is.EqualTo(expected));
    }
}
