using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ApiServer.Storage;

/// <summary>
/// A watch-fed copy of every key under one etcd prefix: lists it, then follows a watch from the revision it listed
/// at, and lists again after any watch failure. It lags etcd by the watch's delay, so what it says may be stale:
/// a caller that acts on "no key here" makes its write check that (<see cref="EtcdStore.CreateAsync(string, byte[], IReadOnlyList{ValueTuple{string, byte[]}}?, IReadOnlyList{string}, CancellationToken)"/>).
/// </summary>
public sealed class PrefixCache(EtcdStore store, string prefix, ILogger logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, StoredValue> _values = new(StringComparer.Ordinal);
    private volatile bool _synced;

    public string Prefix => prefix;

    /// <summary>True once a list is in and the watch follows it; false again while a failed watch is being replaced.</summary>
    public bool Synced => _synced;

    /// <summary>Whether any key starts with <paramref name="keyPrefix"/> (a prefix under <see cref="Prefix"/>), as far as the cache knows.</summary>
    public bool HoldsUnder(string keyPrefix)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        foreach (var key in _values.Keys)
        {
            if (key.StartsWith(keyPrefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var (items, revision) = await ListAsync(ct);
                Load(items);
                await foreach (var change in store.WatchAsync(prefix, revision, ct))
                {
                    Apply(change);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is StorageException or InvalidOperationException)
            {
                logger.LogWarning("cache of {Prefix}: {Error}; listing again", prefix, ex.Message);
            }
            _synced = false;
            await Task.Delay(RetryDelay, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One watched change: a put stores the key's new value, a delete drops it.</summary>
    public void Apply(StorageEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Type == WatchEventType.Put && change.Current is { } value)
        {
            _values[value.Key] = value;
        }
        else if (change.Previous is { } previous)
        {
            _values.TryRemove(previous.Key, out _);
        }
    }

    /// <summary>A full list: the cache holds exactly these keys from now on, and is synced.</summary>
    public void Load(IReadOnlyCollection<StoredValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            _values[item.Key] = item;
            seen.Add(item.Key);
        }
        foreach (var gone in _values.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _values.TryRemove(gone, out _);
        }
        _synced = true;
    }

    private async Task<(List<StoredValue> Items, long Revision)> ListAsync(CancellationToken ct)
    {
        var items = new List<StoredValue>();
        string? start = null;
        long revision = 0;
        do
        {
            var page = await store.ListAsync(prefix, 500, start, revision, ct);
            revision = page.Revision;
            items.AddRange(page.Items);
            start = page.ContinueKey;
        }
        while (start is not null);
        return (items, revision);
    }
}
