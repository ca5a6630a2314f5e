using System.Globalization;
using ChaosLab.ControllerManager.NodeLifecycle;
using k8s.Models;

namespace ChaosLab.ControllerManager.DaemonSets;

/// <summary>
/// Whether a DaemonSet wants a pod on a node (upstream's NodeShouldRunDaemonPod): the template's nodeSelector
/// and required node affinity match the node, and its taints are tolerated by the pod the controller would
/// create. A NoSchedule taint keeps a new pod off but does not evict a running one; NoExecute does both.
/// </summary>
internal static class NodeEligibility
{
    public static (bool ShouldRun, bool ShouldContinueRunning) Check(V1Node node, V1PodSpec podSpec)
    {
        if (!MatchesLabels(podSpec.NodeSelector, node) || !MatchesAffinity(podSpec.Affinity?.NodeAffinity, node))
        {
            return (false, false);
        }
        var tolerations = podSpec.Tolerations ?? [];
        var taints = node.Spec?.Taints ?? [];
        bool Tolerated(V1Taint taint) => tolerations.Any(t => Tolerations.Tolerates(t, taint));
        var continueRunning = taints.Where(t => t.Effect == "NoExecute").All(Tolerated);
        var run = continueRunning && taints.Where(t => t.Effect == "NoSchedule").All(Tolerated);
        return (run, continueRunning);
    }

    private static bool MatchesLabels(IDictionary<string, string>? selector, V1Node node)
    {
        var labels = node.Metadata.Labels;
        return selector is null || selector.All(kv => labels is not null && labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    private static bool MatchesAffinity(V1NodeAffinity? affinity, V1Node node)
    {
        var terms = affinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        return terms is null || terms.Any(term => MatchesTerm(term, node));
    }

    /// <summary>Terms are ORed, their requirements ANDed; an empty term matches nothing.</summary>
    private static bool MatchesTerm(V1NodeSelectorTerm term, V1Node node)
    {
        var expressions = term.MatchExpressions ?? [];
        var fields = term.MatchFields ?? [];
        if (expressions.Count == 0 && fields.Count == 0)
        {
            return false;
        }
        var labels = node.Metadata.Labels;
        return expressions.All(e => Matches(e, labels is not null && labels.TryGetValue(e.Key, out var v) ? v : null))
               && fields.All(f => f.Key == "metadata.name" && Matches(f, node.Metadata.Name));
    }

    private static bool Matches(V1NodeSelectorRequirement requirement, string? value)
    {
        var values = requirement.Values ?? [];
        return requirement.OperatorProperty switch
        {
            "In" => value is not null && values.Contains(value),
            "NotIn" => value is null || !values.Contains(value),
            "Exists" => value is not null,
            "DoesNotExist" => value is null,
            "Gt" => Compare(value, values) is > 0,
            "Lt" => Compare(value, values) is < 0,
            _ => false,
        };
    }

    private static int? Compare(string? value, IList<string> values) =>
        value is not null && values.Count == 1
        && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var actual)
        && long.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var bound)
            ? actual.CompareTo(bound)
            : null;
}
