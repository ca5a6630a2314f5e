using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ChaosLab.Kubelet.Pods;

/// <summary>
/// <see cref="IReferencedObjects"/> by GET from the API server, each answer (objects, "not found" and refusals alike)
/// kept for a short time: every pod syncs once a second, and the pods of a node share what they name. Upstream's
/// kubelet has a TTL cache of this kind as one of its ConfigMap/Secret managers; a watch per object would need a
/// field-selected watch per name, which the node authorizer allows but which costs a connection each.
/// </summary>
public sealed class ApiObjectCache(IKubernetes client, TimeSpan ttl, TimeProvider? time = null) : IReferencedObjects
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<(string Kind, string Ns, string Name), Entry> _entries = new();

    public Task<V1ConfigMap> GetConfigMapAsync(string ns, string name, CancellationToken ct) =>
        GetAsync("configmap", ns, name, token => client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: token), ct);

    public Task<V1Secret> GetSecretAsync(string ns, string name, CancellationToken ct) =>
        GetAsync("secret", ns, name, token => client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: token), ct);

    public Task<V1PersistentVolumeClaim> GetPersistentVolumeClaimAsync(string ns, string name, CancellationToken ct) =>
        GetAsync("persistentvolumeclaim", ns, name, token => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(name, ns, cancellationToken: token), ct);

    public Task<V1PersistentVolume> GetPersistentVolumeAsync(string name, CancellationToken ct) =>
        GetAsync("persistentvolume", "", name, token => client.CoreV1.ReadPersistentVolumeAsync(name, cancellationToken: token), ct);

    private async Task<T> GetAsync<T>(string kind, string ns, string name, Func<CancellationToken, Task<T>> read, CancellationToken ct)
        where T : class
    {
        var key = (kind, ns, name);
        var now = _time.GetUtcNow();
        if (!_entries.TryGetValue(key, out var entry) || now - entry.At >= ttl)
        {
            entry = new Entry(now, ReadAsync(kind, name, read));
            _entries[key] = entry;
            Prune(now);
        }
        return (T)await entry.Read.WaitAsync(ct);
    }

    /// <summary>One read, shared by every caller until it expires: not bound to any one caller's cancellation.</summary>
    private static async Task<object> ReadAsync<T>(string kind, string name, Func<CancellationToken, Task<T>> read)
        where T : class
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        try
        {
            return await read(timeout.Token);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw ReferencedObjectException.NotFound(kind, name);
        }
        catch (HttpOperationException ex)
        {
            throw new ReferencedObjectException(StatusMessage(ex) ?? $"reading {kind} \"{name}\": HTTP {(int)ex.Response.StatusCode}", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            throw new ReferencedObjectException($"reading {kind} \"{name}\": {(ex is OperationCanceledException ? "the API server did not answer in time" : ex.Message)}", ex);
        }
    }

    /// <summary>The message of the API server's Status body (a 403 says who may not read what, and why).</summary>
    private static string? StatusMessage(HttpOperationException ex)
    {
        try
        {
            using var doc = JsonDocument.Parse(ex.Response.Content ?? "");
            return doc.RootElement.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } text ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, old) in _entries)
        {
            if (now - old.At > 10 * ttl)
            {
                _entries.TryRemove(KeyValuePair.Create(key, old));
            }
        }
    }

    private sealed record Entry(DateTimeOffset At, Task<object> Read);
}
