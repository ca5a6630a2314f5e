namespace ChaosLab.Client.Queues;

/// <summary>
/// Per-key exponential back-off (client-go's ItemExponentialFailureRateLimiter): the n-th retry of a
/// key waits baseDelay × 2^n, capped at maxDelay, until the key is forgotten.
/// </summary>
public sealed class ItemExponentialRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);

    /// <summary>Records one more failure of <paramref name="key"/> and returns how long to wait before retrying it.</summary>
    public TimeSpan When(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int exponent;
        lock (_gate)
        {
            exponent = _failures.GetValueOrDefault(key);
            _failures[key] = exponent + 1;
        }
        // Compute in double: 2^exponent overflows long ticks long before the cap stops mattering.
        var delayTicks = baseDelay.Ticks * Math.Pow(2, exponent);
        return delayTicks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)delayTicks);
    }

    /// <summary>How many failures of <paramref name="key"/> have been recorded since it was last forgotten.</summary>
    public int NumRequeues(string key)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>Stops tracking <paramref name="key"/>: its next failure starts again at the base delay.</summary>
    public void Forget(string key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }
}
