namespace ChaosLab.ControllerManager.Jobs;

/// <summary>
/// Upstream's delay before a Job replaces failed pods: 10 s doubled per failure since the last success, at
/// most 10 minutes, counted from the last failure.
/// </summary>
internal static class JobBackoff
{
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(10);

    public static TimeSpan Delay(int failuresSinceLastSuccess)
    {
        if (failuresSinceLastSuccess <= 0) return TimeSpan.Zero;
        var delay = Initial;
        for (var i = 1; i < failuresSinceLastSuccess && delay < Max; i++)
        {
            delay *= 2;
        }
        return delay < Max ? delay : Max;
    }

    /// <summary>How long creations still wait, or zero when they may go ahead.</summary>
    public static TimeSpan Remaining(int failuresSinceLastSuccess, DateTimeOffset? lastFailure, DateTimeOffset now)
    {
        if (lastFailure is not { } at) return TimeSpan.Zero;
        var left = at + Delay(failuresSinceLastSuccess) - now;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
