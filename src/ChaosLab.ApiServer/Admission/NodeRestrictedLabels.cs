using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Admission;

/// <summary>
/// Labels under node-restriction.kubernetes.io (or a subdomain of it) are for administrators to set on Nodes: a
/// workload that selects them trusts that its node could not have labelled itself.
/// </summary>
public static class NodeRestrictedLabels
{
    public const string Domain = "node-restriction.kubernetes.io";

    public static bool IsRestricted(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }
        var prefix = key[..slash];
        return prefix == Domain || prefix.EndsWith("." + Domain, StringComparison.Ordinal);
    }

    /// <summary>The restricted keys added, changed or removed between <paramref name="old"/> and <paramref name="updated"/>, sorted.</summary>
    public static IReadOnlyList<string> Changed(JsonObject? old, JsonObject? updated)
    {
        var before = old is null ? new Dictionary<string, string>() : ObjectMeta.Labels(old);
        var after = updated is null ? new Dictionary<string, string>() : ObjectMeta.Labels(updated);
        return [.. before.Keys.Union(after.Keys)
            .Where(IsRestricted)
            .Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))
            .Order(StringComparer.Ordinal)];
    }
}
