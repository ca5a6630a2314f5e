using System.Collections.Concurrent;

namespace ChaosLab.ControllerManager.Common;

/// <summary>
/// What a controller is still waiting to see in its informer after its own creates and deletes
/// (upstream's UIDTrackingControllerExpectations). Until the watch has caught up, a sync would count
/// stale state and create or delete twice; so a controller only manages replicas when its expectations
/// are satisfied. Expectations expire after <see cref="Timeout"/> in case an event was lost.
/// </summary>
internal sealed class ControllerExpectations(TimeProvider time)
{
    /// <summary>Upstream's ExpectationsTimeout.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>True when nothing is pending for <paramref name="controllerKey"/>, or what was pending expired.</summary>
    public bool Satisfied(string controllerKey)
    {
        if (!_entries.TryGetValue(controllerKey, out var entry))
        {
            return true;
        }
        lock (entry)
        {
            return (entry.Adds <= 0 && entry.Deletes.Count == 0) || time.GetUtcNow() - entry.SetAt > Timeout;
        }
    }

    /// <summary>Replaces the expectations of <paramref name="controllerKey"/> before it issues creates/deletes.</summary>
    public void Expect(string controllerKey, int adds, IEnumerable<string> deleteKeys) =>
        _entries[controllerKey] = new Entry(adds, new HashSet<string>(deleteKeys, StringComparer.Ordinal), time.GetUtcNow());

    public void CreationObserved(string controllerKey)
    {
        if (_entries.TryGetValue(controllerKey, out var entry))
        {
            lock (entry)
            {
                entry.Adds--;
            }
        }
    }

    /// <summary>Tracks deletions by object key, so a pod seen terminating and then gone counts once.</summary>
    public void DeletionObserved(string controllerKey, string deletedKey)
    {
        if (_entries.TryGetValue(controllerKey, out var entry))
        {
            lock (entry)
            {
                entry.Deletes.Remove(deletedKey);
            }
        }
    }

    public void Forget(string controllerKey) => _entries.TryRemove(controllerKey, out _);

    private sealed class Entry(int adds, HashSet<string> deletes, DateTimeOffset setAt)
    {
        public int Adds { get; set; } = adds;

        public HashSet<string> Deletes { get; } = deletes;

        public DateTimeOffset SetAt { get; } = setAt;
    }
}
