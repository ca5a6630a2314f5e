using ChaosLab.ApiServer.Streaming;

namespace ChaosLab.ApiServer.Tests.Streaming;

[Category("Unit")]
public sealed class RemoteCommandProtocolTests
{
    [TestCase(new[] { "v5.channel.k8s.io" }, "v5.channel.k8s.io")]
    [TestCase(new[] { "v4.channel.k8s.io", "v5.channel.k8s.io" }, "v4.channel.k8s.io")]
    [TestCase(new[] { "v5.channel.k8s.io, v4.channel.k8s.io" }, "v5.channel.k8s.io")]
    [TestCase(new[] { "base64.channel.k8s.io", "channel.k8s.io" }, "channel.k8s.io")]
    public void The_clients_first_supported_protocol_is_served_and_named_in_the_answer(string[] requested, string expected)
    {
        var protocol = RemoteCommandProtocol.Negotiate(requested);

        Assert.That((protocol?.Name, protocol?.SubProtocol), Is.EqualTo((expected, expected)));
    }

    [Test]
    public void A_request_naming_no_protocol_gets_channel_k8s_io_answered_without_a_subprotocol_as_upstreams_kubelet_does()
    {
        var protocol = RemoteCommandProtocol.Negotiate([]);

        Assert.That(protocol, Is.EqualTo(new RemoteCommandProtocol("channel.k8s.io", Named: false)));
        Assert.That((protocol!.SubProtocol, protocol.StatusOnErrorChannel), Is.EqualTo(((string?)null, false)));
    }

    [Test]
    public void Only_unsupported_protocols_are_refused()
    {
        Assert.That(RemoteCommandProtocol.Negotiate(["v3.channel.k8s.io", "base64.channel.k8s.io"]), Is.Null);
    }

    [TestCase("v5.channel.k8s.io", true)]
    [TestCase("v4.channel.k8s.io", true)]
    [TestCase("channel.k8s.io", false)]
    public void Only_v4_and_later_report_a_json_status_on_the_error_channel(string name, bool status)
    {
        Assert.That(RemoteCommandProtocol.Negotiate([name])!.StatusOnErrorChannel, Is.EqualTo(status));
    }
}
