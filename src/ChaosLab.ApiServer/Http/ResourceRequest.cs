using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Http;

/// <summary>A request for a resource, parsed from its path: /api/v1/namespaces/NS/pods/NAME/status.</summary>
public sealed record ResourceRequest(ResourceType Type, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>For a proxy subresource, the segments after .../proxy joined with '/' ("" when none): the path the backend is asked for.</summary>
    public string? ProxyPath { get; init; }

    /// <summary>Parses the segments after /api/v1 or /apis/GROUP/VERSION; null when no served resource matches.</summary>
    public static ResourceRequest? Parse(string groupVersion, IReadOnlyList<string> rest)
    {
        ArgumentNullException.ThrowIfNull(rest);
        string? ns = null;
        var remaining = rest;
        if (rest.Count >= 3 && rest[0] == "namespaces" && rest[2] is not ("status" or "finalize"))
        {
            ns = rest[1];
            remaining = rest.Skip(2).ToList();
        }
        // Only a proxy subresource has a path of its own after it: pods/NAME/proxy/PATH...
        var proxyPath = remaining.Count > 3 && remaining[2] == "proxy" ? string.Join('/', remaining.Skip(3)) : null;
        if (remaining.Count is 0 || (remaining.Count > 3 && proxyPath is null))
        {
            return null;
        }
        var type = ResourceCatalog.InGroupVersion(groupVersion).FirstOrDefault(t => t.Plural == remaining[0]);
        if (type is null || (ns is not null && !type.Namespaced))
        {
            return null;
        }
        var name = remaining.Count > 1 ? remaining[1] : null;
        var sub = remaining.Count > 2 ? remaining[2] : null;
        if (sub is not null && type.Subresource(sub) is null)
        {
            return null;
        }
        // A namespaced object is always addressed inside its namespace.
        if (type.Namespaced && ns is null && name is not null)
        {
            return null;
        }
        return new ResourceRequest(type, ns, name, sub) { ProxyPath = sub == "proxy" ? proxyPath ?? "" : null };
    }
}
