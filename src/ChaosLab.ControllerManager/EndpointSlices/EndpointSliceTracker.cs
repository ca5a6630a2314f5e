using System.Collections.Concurrent;
using System.Globalization;
using k8s.Models;

namespace ChaosLab.ControllerManager.EndpointSlices;

/// <summary>
/// Remembers the slices this controller just wrote so a sync never plans from a cache that has not
/// caught up with them (upstream's EndpointSliceTracker): planning on stale slices would create
/// duplicates of endpoints already written. Versions are compared as numbers (our resourceVersion is
/// the etcd revision, which only grows). An expectation is dropped after <see cref="MaxWait"/>: if
/// someone else deleted the slice meanwhile, the cache will never show our version.
/// </summary>
internal sealed class EndpointSliceTracker(TimeProvider time)
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    private const long Gone = -1;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, (long Version, DateTimeOffset At)>> _expected = new(StringComparer.Ordinal);

    public void Written(string serviceKey, V1EndpointSlice slice) =>
        Expectations(serviceKey)[slice.Metadata.Name] = (Version(slice), time.GetUtcNow());

    public void Deleted(string serviceKey, V1EndpointSlice slice) =>
        Expectations(serviceKey)[slice.Metadata.Name] = (Gone, time.GetUtcNow());

    public void Forget(string serviceKey) => _expected.TryRemove(serviceKey, out _);

    /// <summary>True while the cache lacks a slice version this controller wrote, or still has one it deleted.</summary>
    public bool IsStale(string serviceKey, IEnumerable<V1EndpointSlice> cached)
    {
        if (!_expected.TryGetValue(serviceKey, out var expected) || expected.IsEmpty)
        {
            return false;
        }
        var byName = cached.ToDictionary(s => s.Metadata.Name, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var stale = false;
        foreach (var (name, (version, at)) in expected)
        {
            var seen = byName.GetValueOrDefault(name);
            var caughtUp = version == Gone ? seen is null : seen is not null && Version(seen) >= version;
            if (caughtUp || now - at > MaxWait)
            {
                expected.TryRemove(name, out _);
            }
            else
            {
                stale = true;
            }
        }
        return stale;
    }

    private ConcurrentDictionary<string, (long, DateTimeOffset)> Expectations(string serviceKey) =>
        _expected.GetOrAdd(serviceKey, _ => new ConcurrentDictionary<string, (long, DateTimeOffset)>(StringComparer.Ordinal));

    private static long Version(V1EndpointSlice slice) =>
        long.TryParse(slice.Metadata.ResourceVersion, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version) ? version : 0;
}
