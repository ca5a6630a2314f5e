using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Selectors;

namespace ChaosLab.ApiServer.Security;

/// <summary>
/// Upstream's node authorizer for what a kubelet reads on its pods' behalf: a node may read a Secret, ConfigMap,
/// PersistentVolumeClaim or ServiceAccount only when a pod bound to it (spec.nodeName) in the same namespace names
/// it (see <see cref="PodReferences"/>), and create a token (serviceaccounts/token) for a ServiceAccount such a pod runs as. A get names the object in its path; a list or watch must name it with a
/// metadata.name field selector, as a kubelet's single-object watch does. Anything else is refused with the reason.
/// </summary>
/// <param name="podsBoundTo">The pods of a namespace bound to a node, read when a request needs them.</param>
public sealed class NodeAuthorizer(Func<string, string, CancellationToken, Task<IReadOnlyList<JsonObject>>> podsBoundTo)
{
    public static IReadOnlySet<string> Resources { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "secrets", "configmaps", "persistentvolumeclaims", "serviceaccounts",
    };

    /// <summary>
    /// Reads the pods at request time, a linearizable list of the request's namespace: there is no watch cache to
    /// index, and only the namespace matters since pods name objects of their own namespace only. Every pod of the
    /// namespace is decoded, so the cost grows with it (measured: about 1 ms with one pod, 30 ms with 500).
    /// </summary>
    public static NodeAuthorizer ReadingPodsFrom(CollectionReader lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var pods = ResourceCatalog.Find("", "v1", "pods")!;
        return new NodeAuthorizer(async (node, ns, ct) =>
        {
            var list = await lists.ListAsync(pods, ns, new ListOptions(null, $"spec.nodeName={node}", 0, null, null, null, false, false, null, null), ct);
            return [.. list["items"]!.AsArray().OfType<JsonObject>()];
        });
    }

    /// <summary>
    /// The object a request is about: the name in its path, or for a list or watch the one a metadata.name field
    /// selector picks (the only object it can return). Null when it names none.
    /// </summary>
    public static string? RequestedName(string verb, string? pathName, string? fieldSelector)
    {
        if (pathName is not null || verb is not ("list" or "watch") || string.IsNullOrEmpty(fieldSelector))
        {
            return pathName;
        }
        return FieldSelector.Parse(fieldSelector).Requirements.FirstOrDefault(r => r.Field == "metadata.name" && r.Equal)?.Value;
    }

    /// <summary>Null when <paramref name="node"/> may; otherwise why not, in upstream's words.</summary>
    public async Task<string?> RefusalAsync(string node, string verb, string resource, string? subresource, string? ns, string? name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(node);
        // Upstream's rule for serviceaccounts/token: a kubelet may create tokens for the service accounts its pods run as.
        var tokenRequest = resource == "serviceaccounts" && subresource == "token" && verb == "create";
        var refused = tokenRequest ? (string.IsNullOrEmpty(ns) || string.IsNullOrEmpty(name) ? "No Object name found" : null)
            : verb is not ("get" or "list" or "watch") ? "can only read resources of this type"
            : subresource is not null ? "cannot read subresource"
            : string.IsNullOrEmpty(ns) ? "can only read namespaced object of this type"
            : string.IsNullOrEmpty(name) ? "No Object name found"
            : null;
        if (refused is not null)
        {
            return refused;
        }
        var pods = await podsBoundTo(node, ns!, ct);
        return IsReferenced(node, ns!, resource, name!, pods) ? null : $"no relationship found between node '{node}' and this object";
    }

    /// <summary>Whether a pod bound to <paramref name="node"/> in <paramref name="ns"/> names the object.</summary>
    public static bool IsReferenced(string node, string ns, string resource, string name, IEnumerable<JsonObject> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        return pods.Any(pod => (string?)pod["spec"]?["nodeName"] == node && ObjectMeta.Namespace(pod) == ns
            && PodReferences.Of(pod).Includes(resource, name));
    }
}
