namespace ChaosLab.Scheduler.Framework.Plugins;

/// <summary>
/// Spreads the pods of one controller (ReplicaSet, StatefulSet, ...) over nodes: the fewer pods of
/// the same owner a node already has, the higher it scores. This is the node half of upstream's
/// old SelectorSpread (today PodTopologySpread's default constraints); pods are grouped by their
/// controller's UID rather than by matching service/owner selectors, which needs no extra informers
/// and groups the same pods for the workloads this lab runs. Zones are not considered.
/// </summary>
public sealed class SelectorSpread : IScorePlugin
{
    public string Name => nameof(SelectorSpread);

    /// <summary>PodTopologySpread's weight in the default profile, whose job this plugin does here.</summary>
    public int Weight => 2;

    public long Score(PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        return pod.OwnerUid is { } owner ? node.PodCountForOwner(owner) : 0;
    }

    public void NormalizeScores(PodInfo pod, Span<long> scores) => ScoreNormalizer.Normalize(scores, reverse: true);
}
