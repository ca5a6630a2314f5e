namespace ChaosLab.Scheduler.Queue;

/// <summary>
/// Per-pod exponential back-off after failed attempts, as upstream's calculateBackoffDuration:
/// initial × 2^(attempts−1), capped (defaults 1 s and 10 s, --pod-initial/max-backoff-seconds).
/// </summary>
public sealed record PodBackoff(TimeSpan Initial, TimeSpan Max)
{
    public static PodBackoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    public TimeSpan DurationFor(int attempts)
    {
        var duration = Initial;
        for (var i = 1; i < attempts; i++)
        {
            if (duration > Max - duration)
            {
                return Max;
            }
            duration += duration;
        }
        return duration < Max ? duration : Max;
    }
}
