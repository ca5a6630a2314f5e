using ChaosLab.Lab.Lifecycle;

namespace ChaosLab.TestSupport;

/// <summary>Waits for a condition with a deadline and says what it waited for and the last state seen.</summary>
public static class Eventually
{
    /// <summary>
    /// Polls <paramref name="check"/> until it is done and returns the time it took; fails the test at the deadline.
    /// HTTP errors and timeouts mean "not yet", and so does any exception <paramref name="alsoNotYet"/> accepts.
    /// </summary>
    public static async Task<TimeSpan> UntilAsync(string what, TimeSpan timeout, Func<Task<(bool Done, string State)>> check, int intervalMs = 200, Func<Exception, bool>? alsoNotYet = null)
    {
        ArgumentNullException.ThrowIfNull(check);
        var result = await Waiter.PollAsync(timeout, _ => check(), TimeSpan.FromMilliseconds(intervalMs),
            ex => ex is HttpRequestException or k8s.Autorest.HttpOperationException or TaskCanceledException || alsoNotYet?.Invoke(ex) == true);
        if (!result.Done)
        {
            Assert.Fail($"waited {timeout.TotalSeconds:0} s for {what}; last seen: {result.LastState}");
        }
        return result.Elapsed;
    }
}
