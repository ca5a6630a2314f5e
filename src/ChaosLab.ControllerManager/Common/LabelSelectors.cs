using k8s.Models;

namespace ChaosLab.ControllerManager.Common;

/// <summary>Label selector matching as apimachinery's LabelSelectorAsSelector and labels.SelectorFromSet do it.</summary>
internal static class LabelSelectors
{
    /// <summary>
    /// Whether <paramref name="labels"/> satisfy a metav1.LabelSelector. A null selector selects nothing;
    /// an empty one selects everything (workload validation forbids empty selectors, so this is rare).
    /// </summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }
        labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }
        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            if (!Satisfies(requirement, labels))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Whether <paramref name="labels"/> contain every pair of a Service's map selector. Callers skip
    /// services without a selector before asking: those have user-managed endpoints.
    /// </summary>
    public static bool MatchesSet(IDictionary<string, string> selector, IDictionary<string, string>? labels) =>
        labels is not null && selector.All(pair => labels.TryGetValue(pair.Key, out var actual) && actual == pair.Value);

    private static bool Satisfies(V1LabelSelectorRequirement requirement, IDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(requirement.Key, out var actual);
        var values = requirement.Values ?? [];
        return requirement.OperatorProperty switch
        {
            "In" => present && values.Contains(actual!),
            "NotIn" => !present || !values.Contains(actual!),
            "Exists" => present,
            "DoesNotExist" => !present,
            _ => false,
        };
    }
}
