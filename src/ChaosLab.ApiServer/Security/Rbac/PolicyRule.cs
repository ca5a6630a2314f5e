using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.Security.Rbac;

/// <summary>
/// One rule of a Role or ClusterRole: verbs on resources of API groups (optionally only the named objects), or verbs on
/// non-resource URLs. "*" stands for every value of a list.
/// </summary>
public sealed record PolicyRule(
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> NonResourceUrls)
{
    public static PolicyRule Resource(IReadOnlyList<string> verbs, IReadOnlyList<string> groups, params string[] resources) =>
        new(verbs, groups, resources, [], []);

    public static PolicyRule Urls(IReadOnlyList<string> verbs, params string[] urls) => new(verbs, [], [], [], urls);

    public PolicyRule Named(params string[] names) => this with { ResourceNames = names };

    public static PolicyRule FromJson(JsonObject rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new PolicyRule(rule.Strings("verbs"), rule.Strings("apiGroups"), rule.Strings("resources"), rule.Strings("resourceNames"), rule.Strings("nonResourceURLs"));
    }

    /// <summary>The rules of a Role or ClusterRole object; empty when it has none.</summary>
    public static IReadOnlyList<PolicyRule> ListFrom(JsonObject role) => [.. role.Items("rules").Select(r => FromJson(r.Item))];

    /// <summary>As a role's rules are written, leaving out empty lists.</summary>
    public JsonObject ToJson()
    {
        var rule = new JsonObject { ["verbs"] = Array(Verbs) };
        if (NonResourceUrls.Count > 0)
        {
            rule["nonResourceURLs"] = Array(NonResourceUrls);
            return rule;
        }
        rule["apiGroups"] = Array(ApiGroups);
        rule["resources"] = Array(Resources);
        if (ResourceNames.Count > 0)
        {
            rule["resourceNames"] = Array(ResourceNames);
        }
        return rule;
    }

    /// <summary>Upstream's compact rendering, used in escalation messages: {APIGroups:["apps"], Resources:["deployments"], Verbs:["get"]}.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (ApiGroups.Count > 0) parts.Add($"APIGroups:{Quoted(ApiGroups)}");
        if (Resources.Count > 0) parts.Add($"Resources:{Quoted(Resources)}");
        if (ResourceNames.Count > 0) parts.Add($"ResourceNames:{Quoted(ResourceNames)}");
        if (NonResourceUrls.Count > 0) parts.Add($"NonResourceURLs:{Quoted(NonResourceUrls)}");
        parts.Add($"Verbs:{Quoted(Verbs)}");
        return "{" + string.Join(", ", parts) + "}";
    }

    public bool Equals(PolicyRule? other) =>
        other is not null && Verbs.SequenceEqual(other.Verbs) && ApiGroups.SequenceEqual(other.ApiGroups) && Resources.SequenceEqual(other.Resources)
        && ResourceNames.SequenceEqual(other.ResourceNames) && NonResourceUrls.SequenceEqual(other.NonResourceUrls);

    public override int GetHashCode() => HashCode.Combine(string.Join(',', Verbs), string.Join(',', ApiGroups), string.Join(',', Resources), string.Join(',', ResourceNames), string.Join(',', NonResourceUrls));

    private static string Quoted(IReadOnlyList<string> items) => "[" + string.Join(" ", items.Select(i => $"\"{i}\"")) + "]";

    private static JsonArray Array(IReadOnlyList<string> items) => new([.. items.Select(i => (JsonNode)JsonValue.Create(i)!)]);
}
