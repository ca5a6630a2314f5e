using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Discovery;

/// <summary>
/// Discovery as kubectl and client-go read it: legacy /api, /apis, per group-version APIResourceLists,
/// and aggregated discovery v2 (APIGroupDiscoveryList) when the Accept header asks for it.
/// </summary>
public static class DiscoveryDocuments
{
    public const string AggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    public static bool WantsAggregated(string? accept) =>
        accept is not null && accept.Split(',').Any(a =>
            a.Contains("g=apidiscovery.k8s.io", StringComparison.Ordinal) && a.Contains("v=v2", StringComparison.Ordinal) && !a.Contains("v=v2beta1", StringComparison.Ordinal)
            && a.Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal));

    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject ApiGroupList() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(Groups().Select(g => (JsonNode?)ApiGroup(g)).ToArray()),
    };

    public static JsonObject? ApiGroup(string group)
    {
        var versions = ResourceCatalog.All.Where(r => r.Group == group).Select(r => r.Version).Distinct().ToList();
        if (group.Length == 0 || versions.Count == 0)
        {
            return null;
        }
        JsonObject Version(string v) => new() { ["groupVersion"] = $"{group}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode)Version(v)).ToArray()),
            ["preferredVersion"] = Version(versions[0]),
        };
    }

    public static JsonObject? ResourceList(string groupVersion)
    {
        var types = ResourceCatalog.InGroupVersion(groupVersion).ToList();
        if (types.Count == 0)
        {
            return null;
        }
        var resources = new JsonArray();
        foreach (var type in types)
        {
            var resource = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = Strings(type.Verbs),
            };
            if (type.ShortNames.Count > 0) resource["shortNames"] = Strings(type.ShortNames);
            if (type.Categories.Count > 0) resource["categories"] = Strings(type.Categories);
            resources.Add(resource);
            foreach (var sub in type.Subresources)
            {
                var entry = new JsonObject
                {
                    ["name"] = $"{type.Plural}/{sub.Name}",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = sub.Kind,
                    ["verbs"] = Strings(sub.Verbs),
                };
                if (sub.Group != type.Group || sub.Version != type.Version)
                {
                    entry["group"] = sub.Group;
                    entry["version"] = sub.Version;
                }
                resources.Add(entry);
            }
        }
        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion, ["resources"] = resources };
    }

    /// <summary>Aggregated discovery (apidiscovery.k8s.io/v2) for the core group (/api) or the named groups (/apis).</summary>
    public static JsonObject Aggregated(bool core)
    {
        var groups = core ? [""] : Groups().ToList();
        var items = new JsonArray();
        foreach (var group in groups)
        {
            var versions = new JsonArray();
            foreach (var version in ResourceCatalog.All.Where(r => r.Group == group).Select(r => r.Version).Distinct())
            {
                var resources = new JsonArray();
                foreach (var type in ResourceCatalog.All.Where(r => r.Group == group && r.Version == version))
                {
                    var resource = new JsonObject
                    {
                        ["resource"] = type.Plural,
                        ["responseKind"] = Gvk(type.Group, type.Version, type.Kind),
                        ["scope"] = type.Namespaced ? "Namespaced" : "Cluster",
                        ["singularResource"] = type.Singular,
                        ["verbs"] = Strings(type.Verbs),
                    };
                    if (type.ShortNames.Count > 0) resource["shortNames"] = Strings(type.ShortNames);
                    if (type.Categories.Count > 0) resource["categories"] = Strings(type.Categories);
                    if (type.Subresources.Count > 0)
                    {
                        resource["subresources"] = new JsonArray(type.Subresources.Select(s => (JsonNode)new JsonObject
                        {
                            ["subresource"] = s.Name,
                            ["responseKind"] = Gvk(s.Group, s.Version, s.Kind),
                            ["verbs"] = Strings(s.Verbs),
                        }).ToArray());
                    }
                    resources.Add(resource);
                }
                versions.Add(new JsonObject { ["version"] = version, ["resources"] = resources, ["freshness"] = "Current" });
            }
            items.Add(new JsonObject { ["metadata"] = new JsonObject { ["name"] = group, ["creationTimestamp"] = null }, ["versions"] = versions });
        }
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/v2",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static IEnumerable<string> Groups() => ResourceCatalog.All.Select(r => r.Group).Where(g => g.Length > 0).Distinct();

    private static JsonObject Gvk(string group, string version, string kind) => new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
}
