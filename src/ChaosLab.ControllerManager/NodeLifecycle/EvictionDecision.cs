using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>When a pod on a NoExecute-tainted node must go.</summary>
/// <param name="EvictAt">Null: the pod may stay (no NoExecute taint, or tolerated for ever).</param>
internal sealed record EvictionDecision(DateTimeOffset? EvictAt)
{
    public static readonly EvictionDecision Keep = new((DateTimeOffset?)null);

    // A century: longer bounds are as good as for ever and would overflow the date arithmetic.
    private const long MaxTolerationSeconds = 100L * 365 * 24 * 3600;

    public bool IsDue(DateTimeOffset now) => EvictAt is { } at && at <= now;

    /// <summary>
    /// The taint-eviction controller's rule: a pod that does not tolerate every NoExecute taint goes at
    /// once; otherwise it goes when the shortest tolerationSeconds among the matching tolerations has
    /// passed since that taint was added. A matching toleration without tolerationSeconds tolerates
    /// for ever, unless another one has a bound.
    /// </summary>
    /// <param name="addedAt">When a taint was added: its timeAdded, or when this controller first saw it.</param>
    public static EvictionDecision For(V1Pod pod, V1Node? node, Func<V1Taint, DateTimeOffset> addedAt)
    {
        if (node is null || PodState.IsTerminating(pod) || PodState.IsTerminal(pod))
        {
            return Keep;
        }
        var noExecute = node.Spec?.Taints?.Where(t => t.Effect == NodeTaints.NoExecute).ToList() ?? [];
        if (noExecute.Count == 0)
        {
            return Keep;
        }
        var matches = Tolerations.Match(noExecute, pod.Spec?.Tolerations);
        if (matches is null)
        {
            return new EvictionDecision(DateTimeOffset.MinValue);
        }
        var deadlines = matches
            .Where(m => m.Toleration.TolerationSeconds is not null)
            .Select(m => addedAt(m.Taint).AddSeconds(Math.Clamp(m.Toleration.TolerationSeconds!.Value, 0, MaxTolerationSeconds)))
            .ToList();
        return deadlines.Count == 0 ? Keep : new EvictionDecision(deadlines.Min());
    }
}
