using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.ClusterRoleAggregation;

/// <summary>
/// The rules an aggregated ClusterRole should have, as upstream's clusterrole-aggregation controller computes them:
/// the rules of every other ClusterRole one of its clusterRoleSelectors matches, in name order, each rule once.
/// </summary>
internal static class AggregatedRules
{
    public static IList<V1PolicyRule> Compute(V1ClusterRole role, IEnumerable<V1ClusterRole> all)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(all);
        var rules = new List<V1PolicyRule>();
        var roles = all.Where(r => r.Metadata.Name != role.Metadata.Name).OrderBy(r => r.Metadata.Name, StringComparer.Ordinal).ToList();
        foreach (var selector in role.AggregationRule?.ClusterRoleSelectors ?? [])
        {
            foreach (var source in roles.Where(r => LabelSelectors.Matches(selector, r.Metadata.Labels)))
            {
                foreach (var rule in source.Rules ?? [])
                {
                    if (!rules.Any(r => SameRule(r, rule)))
                    {
                        rules.Add(rule);
                    }
                }
            }
        }
        return rules;
    }

    /// <summary>Whether two rule lists are the same, in order (an update is needed otherwise).</summary>
    public static bool SameRules(IList<V1PolicyRule>? a, IList<V1PolicyRule>? b)
    {
        a ??= [];
        b ??= [];
        return a.Count == b.Count && a.Zip(b).All(p => SameRule(p.First, p.Second));
    }

    private static bool SameRule(V1PolicyRule a, V1PolicyRule b) =>
        Same(a.Verbs, b.Verbs) && Same(a.ApiGroups, b.ApiGroups) && Same(a.Resources, b.Resources)
        && Same(a.ResourceNames, b.ResourceNames) && Same(a.NonResourceURLs, b.NonResourceURLs);

    private static bool Same(IList<string>? a, IList<string>? b) => (a ?? []).SequenceEqual(b ?? []);
}
