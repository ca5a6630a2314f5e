using ChaosLab.ApiServer.Streaming;

namespace ChaosLab.ApiServer.Tests.Streaming;

[Category("Unit")]
public sealed class SpdyTunnelProtocolsTests
{
    [Test]
    public void A_tunneling_clients_subprotocols_become_the_SPDY_protocols_offered_to_the_kubelet()
    {
        // kubectl 1.32's port-forward WebSocket asks for exactly this one.
        Assert.That(SpdyTunnelProtocols.FromWebSocket(["SPDY/3.1+portforward.k8s.io"]), Is.EqualTo(new[] { "portforward.k8s.io" }));
        Assert.That(SpdyTunnelProtocols.FromWebSocket(["v5.channel.k8s.io, SPDY/3.1+portforward.k8s.io", "SPDY/3.1+other.example.com"]),
            Is.EqualTo(new[] { "portforward.k8s.io" }));
    }

    [Test]
    public void A_client_without_tunneling_subprotocols_offers_nothing()
    {
        Assert.That(SpdyTunnelProtocols.FromWebSocket(["v5.channel.k8s.io", "portforward.k8s.io"]), Is.Empty);
        Assert.That(SpdyTunnelProtocols.FromWebSocket([]), Is.Empty);
    }

    [Test]
    public void The_kubelets_choice_is_answered_with_the_prefix()
    {
        Assert.That(SpdyTunnelProtocols.ToWebSocket("portforward.k8s.io"), Is.EqualTo("SPDY/3.1+portforward.k8s.io"));
        Assert.That(SpdyTunnelProtocols.ToWebSocket(""), Is.Null);
    }
}
