using ChaosLab.Scheduler.Framework.Plugins;
using k8s.Models;
using static ChaosLab.Scheduler.Tests.Support.TestObjects;

namespace ChaosLab.Scheduler.Tests.Framework.Plugins;

[Category("Unit")]
public sealed class NodeUnschedulableTests
{
    private readonly NodeUnschedulable _plugin = new();

    [Test]
    public void A_cordoned_node_is_rejected_with_upstreams_reason()
    {
        var status = _plugin.Filter(Info(Pod("p")), NodeInfo(Node("n", unschedulable: true)));

        Assert.That(status.Reasons, Is.EqualTo(new[] { "node(s) were unschedulable" }));
    }

    [Test]
    public void A_pod_tolerating_the_unschedulable_taint_may_go_there()
    {
        var pod = Pod("p", tolerations: [new V1Toleration { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists", Effect = "NoSchedule" }]);

        Assert.That(_plugin.Filter(Info(pod), NodeInfo(Node("n", unschedulable: true))).IsSuccess, Is.True);
    }

    [Test]
    public void A_schedulable_node_passes() =>
        Assert.That(_plugin.Filter(Info(Pod("p")), NodeInfo(Node("n"))).IsSuccess, Is.True);
}
