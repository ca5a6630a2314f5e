using ChaosLab.Kubelet.Server;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class RemoteCommandProtocolsTests
{
    [TestCase(new[] { "v5.channel.k8s.io" }, "v5.channel.k8s.io")]
    [TestCase(new[] { "v4.channel.k8s.io" }, "v4.channel.k8s.io")]
    [TestCase(new[] { "v4.channel.k8s.io", "v5.channel.k8s.io" }, "v4.channel.k8s.io")]
    [TestCase(new[] { "v5.channel.k8s.io, v4.channel.k8s.io" }, "v5.channel.k8s.io")]
    [TestCase(new[] { "channel.k8s.io", "v4.channel.k8s.io" }, "v4.channel.k8s.io")]
    public void The_clients_first_supported_protocol_wins(string[] requested, string expected)
    {
        Assert.That(RemoteCommandProtocols.Negotiate(requested), Is.EqualTo(expected));
    }

    [Test]
    public void Older_protocols_alone_are_not_negotiated()
    {
        Assert.That(RemoteCommandProtocols.Negotiate(["channel.k8s.io", "base64.channel.k8s.io", "v3.channel.k8s.io"]), Is.Null);
        Assert.That(RemoteCommandProtocols.Negotiate([]), Is.Null);
    }
}
