namespace ChaosLab.ApiServer.Security.Rbac;

/// <summary>
/// Whether a rule allows a request, as upstream's rbac.RuleAllows: verbs, API groups, resources (a subresource as
/// "pods/log", or "*/log" for that subresource of every resource), resource names, and non-resource URLs (exact, or a
/// prefix ending in "*"). "*" matches everything in its list.
/// </summary>
public static class RuleMatcher
{
    public const string All = "*";

    public static bool Allows(PolicyRule rule, AccessRequest request)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(request);
        if (!Has(rule.Verbs, request.Verb))
        {
            return false;
        }
        return request.IsResourceRequest
            ? Has(rule.ApiGroups, request.ApiGroup) && ResourceMatches(rule, request.Resource, request.Subresource) && NameMatches(rule, request.Name)
            : UrlMatches(rule, request.Path!);
    }

    public static bool AnyAllows(IEnumerable<PolicyRule> rules, AccessRequest request) => rules.Any(r => Allows(r, request));

    public static bool ResourceMatches(PolicyRule rule, string resource, string? subresource)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var combined = subresource is null ? resource : $"{resource}/{subresource}";
        foreach (var ruleResource in rule.Resources)
        {
            if (ruleResource == All || ruleResource == combined)
            {
                return true;
            }
            if (subresource is not null && ruleResource.Length == subresource.Length + 2 && ruleResource.StartsWith("*/", StringComparison.Ordinal)
                && ruleResource.EndsWith(subresource, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A rule without resourceNames covers every object; one with names only those (never a list or create, which name none).</summary>
    public static bool NameMatches(PolicyRule rule, string? name)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.ResourceNames.Count == 0 || (name is not null && rule.ResourceNames.Contains(name));
    }

    public static bool UrlMatches(PolicyRule rule, string path)
    {
        ArgumentNullException.ThrowIfNull(rule);
        foreach (var url in rule.NonResourceUrls)
        {
            if (url == All || url == path || (url.EndsWith('*') && path.StartsWith(url[..^1], StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Has(IReadOnlyList<string> values, string value)
    {
        foreach (var v in values)
        {
            if (v == All || v == value)
            {
                return true;
            }
        }
        return false;
    }
}
