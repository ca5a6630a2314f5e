using ChaosLab.Scheduler.Framework;
using ChaosLab.Scheduler.Framework.Plugins;
using static ChaosLab.Scheduler.Tests.Support.TestObjects;

namespace ChaosLab.Scheduler.Tests.Framework.Plugins;

[Category("Unit")]
public sealed class SelectorSpreadTests
{
    private readonly IScorePlugin _plugin = new SelectorSpread();

    [Test]
    public void Fewer_pods_of_the_same_owner_score_higher()
    {
        var pod = Info(Pod("new", ownerUid: "rs-1"));
        NodeInfo[] nodes =
        [
            NodeInfo(Node("a"), Pod("a1", ownerUid: "rs-1", nodeName: "a"), Pod("a2", ownerUid: "rs-1", nodeName: "a")),
            NodeInfo(Node("b"), Pod("b1", ownerUid: "rs-1", nodeName: "b")),
            // Pods of other owners do not count.
            NodeInfo(Node("c"), Pod("c1", ownerUid: "rs-2", nodeName: "c"), Pod("c2", nodeName: "c")),
        ];
        var scores = nodes.Select(n => _plugin.Score(pod, n)).ToArray();

        _plugin.NormalizeScores(pod, scores);

        Assert.That(scores, Is.EqualTo(new long[] { 0, 50, 100 }));
    }

    [Test]
    public void A_pod_without_an_owner_scores_every_node_the_same()
    {
        var pod = Info(Pod("lonely"));
        long[] scores = [_plugin.Score(pod, NodeInfo(Node("a"), Pod("a1", ownerUid: "rs-1", nodeName: "a"))), _plugin.Score(pod, NodeInfo(Node("b")))];

        _plugin.NormalizeScores(pod, scores);

        Assert.That(scores, Is.EqualTo(new long[] { 100, 100 }));
    }
}
