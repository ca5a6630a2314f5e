namespace ChaosLab.Client.Informers;

/// <summary>
/// Jittered exponential back-off that forgets past failures after a quiet period, like client-go's
/// exponential backoff manager used by the reflector. Not thread-safe: one loop owns it.
/// </summary>
internal sealed class ExponentialBackoff(TimeSpan initial, TimeSpan max, TimeSpan resetAfter, TimeProvider time)
{
    private TimeSpan _current = TimeSpan.Zero;
    private DateTimeOffset _lastFailure = DateTimeOffset.MinValue;

    public TimeSpan Next()
    {
        var now = time.GetUtcNow();
        if (_current == TimeSpan.Zero || now - _lastFailure > resetAfter)
        {
            _current = initial;
        }
        else
        {
            _current = TimeSpan.FromTicks(Math.Min(_current.Ticks * 2, max.Ticks));
        }
        _lastFailure = now;
        // Up to +100% jitter (client-go's factor 1.0) so informers that failed together spread out.
        var jittered = _current * (1 + Random.Shared.NextDouble());
        return jittered < max ? jittered : max;
    }
}
