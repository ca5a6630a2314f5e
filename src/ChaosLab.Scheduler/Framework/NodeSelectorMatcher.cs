using System.Globalization;
using k8s.Models;

namespace ChaosLab.Scheduler.Framework;

/// <summary>
/// Node selector semantics of component-helpers' nodeaffinity: terms are ORed, the expressions and
/// fields inside a term ANDed, and an empty term matches nothing.
/// </summary>
public static class NodeSelectorMatcher
{
    /// <summary>spec.nodeSelector: every label must be present with exactly that value.</summary>
    public static bool MatchesLabels(IDictionary<string, string>? selector, V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (selector is null || selector.Count == 0)
        {
            return true;
        }
        var labels = node.Metadata.Labels;
        return labels is not null && selector.All(kv => labels.TryGetValue(kv.Key, out var value) && value == kv.Value);
    }

    public static bool MatchesAnyTerm(IEnumerable<V1NodeSelectorTerm> terms, V1Node node)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return terms.Any(term => MatchesTerm(term, node));
    }

    public static bool MatchesTerm(V1NodeSelectorTerm? term, V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var expressions = term?.MatchExpressions ?? [];
        var fields = term?.MatchFields ?? [];
        if (expressions.Count == 0 && fields.Count == 0)
        {
            return false;
        }
        var labels = node.Metadata.Labels;
        return expressions.All(e => Matches(e, labels?.TryGetValue(e.Key, out var v) == true ? v : null))
            // metadata.name is the only field upstream supports in matchFields.
            && fields.All(f => f.Key == "metadata.name" && Matches(f, node.Metadata.Name));
    }

    /// <summary>One requirement against a label (or field) value; null means the node lacks it.</summary>
    public static bool Matches(V1NodeSelectorRequirement requirement, string? value)
    {
        ArgumentNullException.ThrowIfNull(requirement);
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

    // Gt/Lt compare the value and the single requirement value as integers; anything else fails.
    private static int? Compare(string? value, IList<string> values) =>
        value is not null && values.Count == 1
        && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var actual)
        && long.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var bound)
            ? actual.CompareTo(bound)
            : null;
}
