namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// How long a watch runs before the server ends it. As upstream (handlers/get.go): timeoutSeconds when it is given and
/// not 0, however large — upstream neither caps nor rejects it — else a random time in [minRequestTimeout,
/// 2×minRequestTimeout). .NET timers reach only about 49.7 days, and asking for more threw (a 500 for
/// timeoutSeconds=5000000), so a longer timeout is held at that bound.
/// </summary>
public static class WatchTimeout
{
    /// <summary>Upstream's --min-request-timeout default.</summary>
    public static readonly TimeSpan MinRequestTimeout = TimeSpan.FromSeconds(1800);

    /// <summary>The longest delay <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> accepts (uint.MaxValue - 1 ms).</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public static TimeSpan For(long? timeoutSeconds, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (timeoutSeconds is not > 0)
        {
            return MinRequestTimeout * (1 + random.NextDouble());
        }
        return timeoutSeconds.Value >= (long)Longest.TotalSeconds ? Longest : TimeSpan.FromSeconds(timeoutSeconds.Value);
    }
}
