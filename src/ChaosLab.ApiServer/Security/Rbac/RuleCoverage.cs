namespace ChaosLab.ApiServer.Security.Rbac;

/// <summary>
/// Whether one set of rules grants at least what another does, as upstream's validation.Covers: each rule asked for
/// is broken into single-verb, single-group, single-resource (and single-name or single-URL) rules, and every one of
/// those must be within some rule held. The ones not covered are what a role or binding would escalate.
/// </summary>
public static class RuleCoverage
{
    public static IReadOnlyList<PolicyRule> Uncovered(IReadOnlyList<PolicyRule> owner, IEnumerable<PolicyRule> requested)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(requested);
        return [.. requested.SelectMany(Breakdown).Where(simple => !owner.Any(o => Covers(o, simple))).Distinct()];
    }

    /// <summary>A rule as single-valued rules; resource names and URLs stay one per rule, an absent list stays absent.</summary>
    public static IEnumerable<PolicyRule> Breakdown(PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        foreach (var verb in rule.Verbs)
        {
            foreach (var group in rule.ApiGroups)
            {
                foreach (var resource in rule.Resources)
                {
                    if (rule.ResourceNames.Count == 0)
                    {
                        yield return new PolicyRule([verb], [group], [resource], [], []);
                    }
                    foreach (var name in rule.ResourceNames)
                    {
                        yield return new PolicyRule([verb], [group], [resource], [name], []);
                    }
                }
            }
            foreach (var url in rule.NonResourceUrls)
            {
                yield return new PolicyRule([verb], [], [], [], [url]);
            }
        }
    }

    public static bool Covers(PolicyRule owner, PolicyRule servant)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(servant);
        return HasAll(owner.Verbs, servant.Verbs)
            && HasAll(owner.ApiGroups, servant.ApiGroups)
            && servant.Resources.All(r => ResourceCovered(owner.Resources, r))
            && servant.NonResourceUrls.All(u => UrlCovered(owner.NonResourceUrls, u))
            && (owner.ResourceNames.Count == 0 || (servant.ResourceNames.Count > 0 && servant.ResourceNames.All(owner.ResourceNames.Contains)));
    }

    private static bool HasAll(IReadOnlyList<string> owner, IReadOnlyList<string> servant) =>
        owner.Contains(RuleMatcher.All) || servant.All(owner.Contains);

    private static bool ResourceCovered(IReadOnlyList<string> owner, string resource)
    {
        if (owner.Contains(RuleMatcher.All) || owner.Contains(resource))
        {
            return true;
        }
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && (owner.Contains(resource[..slash] + "/*") || owner.Contains("*" + resource[slash..]));
    }

    private static bool UrlCovered(IReadOnlyList<string> owner, string url) =>
        owner.Any(o => o == RuleMatcher.All || o == url || (o.EndsWith('*') && url.StartsWith(o[..^1], StringComparison.Ordinal)));
}
