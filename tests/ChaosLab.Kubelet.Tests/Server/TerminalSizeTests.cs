using ChaosLab.Kubelet.Server;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class TerminalSizeTests
{
    [Test]
    public void The_resize_channel_carries_width_and_height_as_kubectl_writes_them()
    {
        Assert.That(TerminalSize.Parse("""{"Width":120,"Height":40}"""u8), Is.EqualTo(new TerminalSize(120, 40)));
        Assert.That(TerminalSize.Parse("""{"width":80,"height":24}"""u8), Is.EqualTo(new TerminalSize(80, 24)));
    }

    [TestCase("""{"Width":120}""")]
    [TestCase("not json")]
    [TestCase("""{"Width":-1,"Height":2}""")]
    public void Anything_else_is_ignored(string json)
    {
        Assert.That(TerminalSize.Parse(System.Text.Encoding.UTF8.GetBytes(json)), Is.Null);
    }
}
