using ChaosLab.Scheduler.Framework;
using ChaosLab.Scheduler.Framework.Plugins;
using static ChaosLab.Scheduler.Tests.Support.TestObjects;

namespace ChaosLab.Scheduler.Tests.Framework;

[Category("Unit")]
public sealed class FitErrorTests
{
    [Test]
    public void Reasons_are_counted_over_nodes_and_sorted_like_upstream()
    {
        var algorithm = SchedulingAlgorithm.CreateDefault();
        NodeInfo[] nodes =
        [
            NodeInfo(Node("dead", taints: [Unreachable])),
            NodeInfo(Node("small-1", cpu: "1")),
            NodeInfo(Node("small-2", cpu: "1")),
        ];

        var result = algorithm.Schedule(Info(Pod("big", cpu: "2")), nodes);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.FitError!.Message, Is.EqualTo(
            "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 Insufficient cpu."));
    }

    [Test]
    public void Several_reasons_from_one_node_each_count()
    {
        var statuses = new Dictionary<string, FilterStatus>
        {
            ["a"] = FilterStatus.Unschedulable("NodeResourcesFit", "Insufficient cpu", "Insufficient memory"),
            ["b"] = FilterStatus.Unschedulable("NodeResourcesFit", "Insufficient cpu"),
            ["c"] = FilterStatus.Unschedulable("NodeUnschedulable", NodeUnschedulable.ReasonUnschedulable),
        };

        Assert.That(new FitError(3, statuses).Message,
            Is.EqualTo("0/3 nodes are available: 1 Insufficient memory, 1 node(s) were unschedulable, 2 Insufficient cpu."));
    }

    [Test]
    public void No_nodes_at_all_says_so() =>
        Assert.That(SchedulingAlgorithm.CreateDefault().Schedule(Info(Pod("p")), []).FitError!.Message,
            Is.EqualTo("no nodes available to schedule pods"));
}
