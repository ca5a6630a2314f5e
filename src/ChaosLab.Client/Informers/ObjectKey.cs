using k8s;
using k8s.Models;

namespace ChaosLab.Client.Informers;

/// <summary>
/// The cache key of an object, as client-go's MetaNamespaceKeyFunc: "namespace/name" for namespaced
/// objects and "name" for cluster-scoped ones. Work queues carry these keys.
/// </summary>
public static class ObjectKey
{
    public static string Of(IMetadata<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var metadata = obj.Metadata ?? throw new ArgumentException("object has no metadata", nameof(obj));
        return For(metadata.NamespaceProperty, metadata.Name);
    }

    public static string For(string? @namespace, string name) =>
        string.IsNullOrEmpty(@namespace) ? name : $"{@namespace}/{name}";

    /// <summary>Splits a key back into (namespace, name); namespace is null for cluster-scoped keys.</summary>
    public static (string? Namespace, string Name) Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
    }
}
