using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.ReplicaSets;

/// <summary>
/// The order in which surplus pods are deleted, cheapest loss first (upstream's ActivePodsWithRanks):
/// unscheduled before scheduled, Pending before Unknown before Running, not ready before ready, pods
/// doubled up on a node before lone ones, recently ready before long ready, more restarts before fewer,
/// newer before older.
/// </summary>
internal sealed class PodDeletionRanking : IComparer<V1Pod>
{
    private readonly IReadOnlyDictionary<string, int> _podsOnNode;

    /// <param name="relatedPods">Active pods whose co-location counts (the controller's own); ranks doubled-up pods first.</param>
    public PodDeletionRanking(IEnumerable<V1Pod> relatedPods)
    {
        _podsOnNode = relatedPods
            .Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName))
            .GroupBy(p => p.Spec.NodeName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    /// <summary>The <paramref name="count"/> pods to delete first.</summary>
    public static IReadOnlyList<V1Pod> PickForDeletion(IReadOnlyList<V1Pod> pods, int count) =>
        [.. pods.Order(new PodDeletionRanking(pods)).Take(count)];

    public int Compare(V1Pod? x, V1Pod? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var xNode = x.Spec?.NodeName ?? "";
        var yNode = y.Spec?.NodeName ?? "";
        if (xNode != yNode && (xNode.Length == 0 || yNode.Length == 0))
        {
            return xNode.Length == 0 ? -1 : 1;
        }
        var byPhase = PhaseOrdinal(x).CompareTo(PhaseOrdinal(y));
        if (byPhase != 0)
        {
            return byPhase;
        }
        var xReady = PodState.IsReady(x);
        var yReady = PodState.IsReady(y);
        if (xReady != yReady)
        {
            return xReady ? 1 : -1;
        }
        var byRank = Rank(y).CompareTo(Rank(x));
        if (byRank != 0)
        {
            return byRank;
        }
        if (xReady)
        {
            var byReadyTime = NewerFirst(ReadySince(x), ReadySince(y));
            if (byReadyTime != 0)
            {
                return byReadyTime;
            }
        }
        var byRestarts = PodState.MaxContainerRestarts(y).CompareTo(PodState.MaxContainerRestarts(x));
        if (byRestarts != 0)
        {
            return byRestarts;
        }
        return NewerFirst(x.Metadata?.CreationTimestamp, y.Metadata?.CreationTimestamp);
    }

    private int Rank(V1Pod pod) =>
        pod.Spec?.NodeName is { Length: > 0 } node ? _podsOnNode.GetValueOrDefault(node) : 0;

    private static int PhaseOrdinal(V1Pod pod) => pod.Status?.Phase switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };

    private static DateTime? ReadySince(V1Pod pod) => PodState.Condition(pod, PodState.Ready)?.LastTransitionTime;

    /// <summary>Missing times first, then later before earlier (upstream's afterOrZero).</summary>
    private static int NewerFirst(DateTime? x, DateTime? y) => (x, y) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        _ => y.Value.CompareTo(x.Value),
    };
}
