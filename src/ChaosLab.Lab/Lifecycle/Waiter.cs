using System.Diagnostics;

namespace ChaosLab.Lab.Lifecycle;

/// <summary>Polls a condition until it holds or a deadline passes; on time-out says what it waited for
/// and the last state it saw.</summary>
public static class Waiter
{
    public static async Task UntilAsync(string what, TimeSpan timeout, Func<CancellationToken, Task<(bool Done, string State)>> check, TimeSpan? interval = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        var watch = Stopwatch.StartNew();
        var last = "not checked yet";
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            (var done, last) = await check(ct);
            if (done)
            {
                return;
            }
            if (watch.Elapsed > timeout)
            {
                throw new LabException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}; last seen: {last}");
            }
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200), ct);
        }
    }
}
