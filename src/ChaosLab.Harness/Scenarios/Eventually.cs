using System.Diagnostics;
using ChaosLab.Lab.Lifecycle;

namespace ChaosLab.Harness.Scenarios;

/// <summary>
/// Assertions with deadlines: poll a condition until it holds, and on failure say what was awaited
/// and the last state seen (principle 6: observed, not assumed).
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>Returns the time it took; throws <see cref="ExpectationException"/> at the deadline. Any exception but NUnit's own is "not yet".</summary>
    public static async Task<TimeSpan> UntilAsync(string expectation, TimeSpan deadline, Func<Task<(bool Ok, string State)>> check, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        var result = await Waiter.PollAsync(deadline, _ => check(), Interval,
            ex => ex is not NUnit.Framework.ResultStateException && (ex is not OperationCanceledException || !ct.IsCancellationRequested), ct);
        return result.Done
            ? result.Elapsed
            : throw new ExpectationException($"expected {expectation} within {deadline.TotalSeconds:0.#} s; last observed: {result.LastState}");
    }

    /// <summary>Asserts a condition keeps holding for the whole period; throws at the first violation.</summary>
    public static async Task HoldsAsync(string expectation, TimeSpan period, Func<Task<(bool Ok, string State)>> check, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < period)
        {
            var (ok, state) = await check();
            if (!ok)
            {
                throw new ExpectationException($"expected {expectation} for {period.TotalSeconds:0.#} s, but after {watch.Elapsed.TotalSeconds:0.0} s: {state}");
            }
            await Task.Delay(Interval, ct);
        }
    }
}

/// <summary>A scenario's expectation did not hold; the message names it and the last state seen.</summary>
public sealed class ExpectationException(string message) : Exception(message);
