using ChaosLab.Kubelet.Server;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class RemoteCommandProtocolsTests
{
    [TestCase(new[] { "v5.channel.k8s.io" }, "v5.channel.k8s.io")]
    [TestCase(new[] { "v4.channel.k8s.io" }, "v4.channel.k8s.io")]
    [TestCase(new[] { "v4.channel.k8s.io", "v5.channel.k8s.io" }, "v4.channel.k8s.io")]
    [TestCase(new[] { "v5.channel.k8s.io, v4.channel.k8s.io" }, "v5.channel.k8s.io")]
    [TestCase(new[] { "channel.k8s.io", "v4.channel.k8s.io" }, "channel.k8s.io")]
    [TestCase(new[] { "base64.channel.k8s.io", "channel.k8s.io" }, "channel.k8s.io")]
    public void The_clients_first_supported_protocol_wins(string[] requested, string expected)
    {
        Assert.That(RemoteCommandProtocols.Negotiate(requested), Is.EqualTo(expected));
    }

    [Test]
    public void A_request_naming_no_protocol_is_served_unnamed_as_upstreams_kubelet_serves_it()
    {
        Assert.That(RemoteCommandProtocols.Negotiate([]), Is.EqualTo(RemoteCommandProtocols.Unnamed));
        Assert.That(RemoteCommandProtocols.StatusOnErrorChannel(RemoteCommandProtocols.Unnamed), Is.False);
    }

    [Test]
    public void Protocols_this_side_does_not_speak_are_not_negotiated()
    {
        Assert.That(RemoteCommandProtocols.Negotiate(["base64.channel.k8s.io", "v3.channel.k8s.io"]), Is.Null);
    }

    [Test]
    public void Without_a_json_status_the_error_channel_carries_a_failures_message_and_nothing_for_success()
    {
        var failure = ExecStatus.ExitCode(3, ["sh", "-c", "exit 3"]).ToJsonString();

        Assert.That(RemoteCommandProtocols.PlainError(failure),
            Is.EqualTo("command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3"));
        Assert.That(RemoteCommandProtocols.PlainError(ExecStatus.Success().ToJsonString()), Is.Null);
        Assert.That(RemoteCommandProtocols.PlainError("not json"), Is.EqualTo("not json"));
    }
}
