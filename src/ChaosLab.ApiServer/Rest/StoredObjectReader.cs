using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Storage;

namespace ChaosLab.ApiServer.Rest;

/// <summary>Reads one stored object as it is in etcd; null when there is none.</summary>
public delegate Task<JsonObject?> StoredObjectReader(ResourceType type, string? ns, string name, CancellationToken ct);

public static class StoredObjects
{
    /// <summary>A reader of etcd, one linearizable get per call.</summary>
    public static StoredObjectReader From(EtcdStore etcd)
    {
        ArgumentNullException.ThrowIfNull(etcd);
        return async (type, ns, name, ct) => await etcd.GetAsync(type.Key(ns, name), ct) is { } stored ? JsonNode.Parse(stored.Value.Span) as JsonObject : null;
    }
}
