using ChaosLab.Scheduler.Framework;
using static ChaosLab.Scheduler.Tests.Support.TestObjects;

namespace ChaosLab.Scheduler.Tests.Framework;

[Category("Unit")]
public sealed class SchedulingAlgorithmTests
{
    [Test]
    public void The_only_feasible_node_is_chosen()
    {
        NodeInfo[] nodes = [NodeInfo(Node("dead", taints: [Unreachable])), NodeInfo(Node("alive")), NodeInfo(Node("cordoned", unschedulable: true))];

        var result = SchedulingAlgorithm.CreateDefault().Schedule(Info(Pod("p")), nodes);

        Assert.That(result.NodeName, Is.EqualTo("alive"));
        Assert.That(result.FeasibleNodes, Is.EqualTo(1));
    }

    [Test]
    public void The_best_scoring_node_wins()
    {
        NodeInfo[] nodes =
        [
            NodeInfo(Node("busy"), Pod("x", cpu: "3", memory: "6Gi", nodeName: "busy")),
            NodeInfo(Node("idle")),
        ];

        Assert.That(SchedulingAlgorithm.CreateDefault().Schedule(Info(Pod("p", cpu: "100m")), nodes).NodeName, Is.EqualTo("idle"));
    }

    [Test]
    public void Ties_are_broken_at_random_among_the_best()
    {
        var algorithm = SchedulingAlgorithm.CreateDefault(new Random(7));
        NodeInfo[] nodes = [NodeInfo(Node("a")), NodeInfo(Node("b")), NodeInfo(Node("c"))];

        var chosen = Enumerable.Range(0, 300).Select(_ => algorithm.Schedule(Info(Pod("p")), nodes).NodeName).ToHashSet();

        Assert.That(chosen, Is.EquivalentTo(new[] { "a", "b", "c" }));
    }

    [TestCase(50, 50)]
    [TestCase(100, 100)]
    [TestCase(1000, 420)]
    [TestCase(5000, 500)]
    public void Big_clusters_stop_filtering_after_enough_feasible_nodes(int nodes, int wanted) =>
        Assert.That(SchedulingAlgorithm.NumFeasibleNodesToFind(nodes), Is.EqualTo(wanted));
}
