using ChaosLab.Kubelet.Server;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class AttachQueryTests
{
    [Test]
    public void The_streams_are_the_kubelets_names()
    {
        var attach = AttachQuery.Parse(Query.Of("?input=1&output=1&error=1"));

        Assert.That((attach.Stdin, attach.Stdout, attach.Stderr, attach.Tty), Is.EqualTo((true, true, true, false)));
    }

    [Test]
    public void The_containers_spec_decides_the_tty_whatever_the_client_asked()
    {
        var attach = AttachQuery.Parse(Query.Of("?input=1&output=1&error=1"));

        Assert.That(attach.Streams(containerTty: true), Is.EqualTo(new StreamSelection(true, true, false, true)));
        Assert.That(AttachQuery.Parse(Query.Of("?output=1&tty=1")).Streams(containerTty: false), Is.EqualTo(new StreamSelection(false, true, false, false)));
    }

    [Test]
    public void No_stream_is_refused_with_a_400()
    {
        var error = Assert.Throws<KubeletRequestException>(() => AttachQuery.Parse(Query.Of("?tty=1")))!;

        Assert.That((error.StatusCode, error.Message), Is.EqualTo((400, "you must specify at least 1 of stdin, stdout, stderr")));
    }
}
