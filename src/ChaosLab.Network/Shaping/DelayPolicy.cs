namespace ChaosLab.Network.Shaping;

/// <summary>
/// What happens to each packet, netem style: lost with probability <c>loss</c>, otherwise held for
/// <c>delay</c> plus a uniform jitter in [-jitter, +jitter], never less than zero.
/// </summary>
public sealed class DelayPolicy(TimeSpan delay, TimeSpan jitter, double loss, Random random)
{
    /// <summary>How long to hold the next packet, or null to drop it.</summary>
    public TimeSpan? Next()
    {
        if (loss > 0 && random.NextDouble() < loss)
        {
            return null;
        }
        if (jitter <= TimeSpan.Zero)
        {
            return delay;
        }
        var held = delay + (jitter * ((random.NextDouble() * 2) - 1));
        return held < TimeSpan.Zero ? TimeSpan.Zero : held;
    }
}
