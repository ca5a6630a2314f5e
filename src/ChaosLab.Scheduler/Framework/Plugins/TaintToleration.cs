using k8s.Models;

namespace ChaosLab.Scheduler.Framework.Plugins;

/// <summary>
/// Filter: every NoSchedule and NoExecute taint must be tolerated. Score: fewer untolerated
/// PreferNoSchedule taints is better. A toleration with tolerationSeconds still tolerates for
/// scheduling, as upstream: that is why the node lifecycle controller must also put the
/// NoSchedule flavour of not-ready/unreachable on a failed node to keep new pods away.
/// </summary>
public sealed class TaintToleration : IFilterPlugin, IScorePlugin
{
    public string Name => nameof(TaintToleration);

    public int Weight => 3;

    public static string ReasonUntolerated(V1Taint taint)
    {
        ArgumentNullException.ThrowIfNull(taint);
        return $"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}";
    }

    public FilterStatus Filter(PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        var taint = Tolerations.FirstUntolerated(node.Node?.Spec?.Taints, pod.Pod.Spec?.Tolerations, Tolerations.NoSchedule, Tolerations.NoExecute);
        return taint is null ? FilterStatus.Success : FilterStatus.Unschedulable(Name, ReasonUntolerated(taint));
    }

    /// <summary>The number of PreferNoSchedule taints the pod does not tolerate (lower is better).</summary>
    public long Score(PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        var taints = node.Node?.Spec?.Taints;
        if (taints is null)
        {
            return 0;
        }
        // Only tolerations that can apply to PreferNoSchedule count, as upstream's getAllTolerationPreferNoSchedule.
        var tolerations = pod.Pod.Spec?.Tolerations?
            .Where(t => string.IsNullOrEmpty(t.Effect) || t.Effect == Tolerations.PreferNoSchedule)
            .ToList();
        return taints.Count(t => t.Effect == Tolerations.PreferNoSchedule && !Tolerations.AnyTolerates(tolerations, t));
    }

    public void NormalizeScores(PodInfo pod, Span<long> scores) => ScoreNormalizer.Normalize(scores, reverse: true);
}
