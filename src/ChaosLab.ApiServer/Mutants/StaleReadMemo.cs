using System.Collections.Concurrent;
using ChaosLab.ApiServer.Storage;

namespace ChaosLab.ApiServer.Mutants;

/// <summary>
/// The apiserver-stale-reads mutant: the first answer for a key is kept and served for <see cref="Age"/>, as a
/// cache that lags behind etcd would, instead of a quorum read each time.
/// </summary>
public sealed class StaleReadMemo(TimeProvider clock)
{
    public static readonly TimeSpan Age = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (StoredValue? Value, DateTimeOffset ReadAt)> _memo = new(StringComparer.Ordinal);

    public async Task<StoredValue?> GetAsync(string key, Func<Task<StoredValue?>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var now = clock.GetUtcNow();
        if (_memo.TryGetValue(key, out var kept) && now - kept.ReadAt < Age)
        {
            return kept.Value;
        }
        var value = await read();
        _memo[key] = (value, now);
        return value;
    }
}
