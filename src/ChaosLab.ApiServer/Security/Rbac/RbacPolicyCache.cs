using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Storage;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ApiServer.Security.Rbac;

/// <summary>
/// Keeps <see cref="RbacPolicy"/> current from etcd: lists the four RBAC prefixes, then watches each from the revision
/// it listed at, and builds a new policy after every change. A request reads <see cref="Current"/> and never waits on
/// etcd; until the first lists are in, <see cref="WaitSyncedAsync"/> holds requests back (upstream's RBAC also
/// answers from informers that must have synced).
/// </summary>
public sealed class RbacPolicyCache(EtcdStore store, ILogger logger)
{
    private static readonly string[] Prefixes = ["/registry/roles/", "/registry/clusterroles/", "/registry/rolebindings/", "/registry/clusterrolebindings/"];
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, JsonObject>[] _objects = [.. Prefixes.Select(_ => new ConcurrentDictionary<string, JsonObject>(StringComparer.Ordinal))];
    private readonly TaskCompletionSource[] _listed = [.. Prefixes.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
    private readonly Lock _rebuild = new();
    private RbacPolicy _current = RbacPolicy.Empty;

    public RbacPolicy Current => Volatile.Read(ref _current);

    public bool Synced => _listed.All(l => l.Task.IsCompleted);

    public Task WaitSyncedAsync(CancellationToken ct) => Synced ? Task.CompletedTask : Task.WhenAll(_listed.Select(l => l.Task)).WaitAsync(ct);

    public Task RunAsync(CancellationToken ct) => Task.WhenAll(Prefixes.Select((_, i) => FollowAsync(i, ct)));

    private async Task FollowAsync(int index, CancellationToken ct)
    {
        var prefix = Prefixes[index];
        var objects = _objects[index];
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var revision = await ListAsync(prefix, objects, ct);
                Rebuild();
                _listed[index].TrySetResult();
                await foreach (var change in store.WatchAsync(prefix, revision, ct))
                {
                    if (change.Type == WatchEventType.Put && change.Current is { } value)
                    {
                        objects[value.Key] = ObjectCodec.Decode(value);
                    }
                    else if (change.Previous is { } previous)
                    {
                        objects.TryRemove(previous.Key, out _);
                    }
                    Rebuild();
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is StorageException or InvalidOperationException or System.Text.Json.JsonException)
            {
                logger.LogWarning("RBAC cache of {Prefix}: {Error}; listing again", prefix, ex.Message);
            }
            await Task.Delay(RetryDelay, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<long> ListAsync(string prefix, ConcurrentDictionary<string, JsonObject> objects, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? start = null;
        long revision = 0;
        do
        {
            var page = await store.ListAsync(prefix, 500, start, revision, ct);
            revision = page.Revision;
            foreach (var item in page.Items)
            {
                objects[item.Key] = ObjectCodec.Decode(item);
                seen.Add(item.Key);
            }
            start = page.ContinueKey;
        }
        while (start is not null);
        foreach (var gone in objects.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            objects.TryRemove(gone, out _);
        }
        return revision;
    }

    private void Rebuild()
    {
        lock (_rebuild)
        {
            Volatile.Write(ref _current, new RbacPolicy(_objects[0].Values, _objects[1].Values, _objects[2].Values, _objects[3].Values));
        }
    }
}
