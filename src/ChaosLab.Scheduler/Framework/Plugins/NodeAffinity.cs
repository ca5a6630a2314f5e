using k8s.Models;

namespace ChaosLab.Scheduler.Framework.Plugins;

/// <summary>
/// The node-selection part of upstream's NodeAffinity plugin. Filter: spec.nodeSelector labels and
/// the required node affinity terms. Score: the summed weights of the preferred terms a node matches.
/// </summary>
public sealed class NodeAffinity : IFilterPlugin, IScorePlugin
{
    public const string ReasonNotMatched = "node(s) didn't match Pod's node affinity/selector";

    public string Name => nameof(NodeAffinity);

    public int Weight => 2;

    public FilterStatus Filter(PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        return node.Node is { } n && Matches(pod.Pod, n) ? FilterStatus.Success : FilterStatus.Unschedulable(Name, ReasonNotMatched);
    }

    public static bool Matches(V1Pod pod, V1Node node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (!NodeSelectorMatcher.MatchesLabels(pod.Spec?.NodeSelector, node))
        {
            return false;
        }
        var required = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        return required is null || NodeSelectorMatcher.MatchesAnyTerm(required.NodeSelectorTerms ?? [], node);
    }

    public long Score(PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        var preferred = pod.Pod.Spec?.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution;
        if (preferred is null || node.Node is not { } n)
        {
            return 0;
        }
        return preferred.Where(p => NodeSelectorMatcher.MatchesTerm(p.Preference, n)).Sum(p => (long)p.Weight);
    }

    public void NormalizeScores(PodInfo pod, Span<long> scores) => ScoreNormalizer.Normalize(scores, reverse: false);
}
