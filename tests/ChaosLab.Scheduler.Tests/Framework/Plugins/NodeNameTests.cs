using ChaosLab.Scheduler.Framework.Plugins;
using static ChaosLab.Scheduler.Tests.Support.TestObjects;

namespace ChaosLab.Scheduler.Tests.Framework.Plugins;

[Category("Unit")]
public sealed class NodeNameTests
{
    private readonly NodeName _plugin = new();

    [Test]
    public void A_pod_naming_another_node_does_not_fit() =>
        Assert.That(_plugin.Filter(Info(Pod("p", nodeName: "b")), NodeInfo(Node("a"))).Reasons,
            Is.EqualTo(new[] { "node(s) didn't match the requested node name" }));

    [Test]
    public void A_pod_naming_this_node_or_none_fits()
    {
        Assert.That(_plugin.Filter(Info(Pod("p", nodeName: "a")), NodeInfo(Node("a"))).IsSuccess, Is.True);
        Assert.That(_plugin.Filter(Info(Pod("p")), NodeInfo(Node("a"))).IsSuccess, Is.True);
    }
}
