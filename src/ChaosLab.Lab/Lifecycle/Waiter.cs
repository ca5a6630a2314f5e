using System.Diagnostics;
using Polly;
using Polly.Retry;

namespace ChaosLab.Lab.Lifecycle;

/// <summary>What a wait saw: whether the check held, how long it took, and the last state the check reported.</summary>
public sealed record WaitResult(bool Done, TimeSpan Elapsed, string LastState);

/// <summary>
/// The one way ChaosLab waits for a condition: a Polly retry pipeline that runs a check at a fixed
/// interval until it holds or the deadline passes, keeping the last state it saw so a time-out can say
/// what it waited for. The lab, the scenario harness and the tests each put their own error on top.
/// </summary>
public static class Waiter
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Runs <paramref name="check"/> until it reports done or <paramref name="timeout"/> has passed (it runs at least once,
    /// and a running check is never cut short). Exceptions <paramref name="notYet"/> accepts count as "not yet"; others propagate.
    /// </summary>
    public static async Task<WaitResult> PollAsync(
        TimeSpan timeout,
        Func<CancellationToken, Task<(bool Done, string State)>> check,
        TimeSpan? interval = null,
        Func<Exception, bool>? notYet = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        var accepts = notYet ?? (_ => false);
        var watch = Stopwatch.StartNew();
        var last = "not checked yet";
        var pipeline = new ResiliencePipelineBuilder<bool>()
            .AddRetry(new RetryStrategyOptions<bool>
            {
                ShouldHandle = args =>
                {
                    if (args.Outcome.Exception is { } error)
                    {
                        if (!accepts(error))
                        {
                            return ValueTask.FromResult(false);
                        }
                        last = $"{error.GetType().Name}: {error.Message}";
                    }
                    else if (args.Outcome.Result)
                    {
                        return ValueTask.FromResult(false);
                    }
                    return ValueTask.FromResult(watch.Elapsed < timeout);
                },
                MaxRetryAttempts = int.MaxValue,
                Delay = interval ?? DefaultInterval,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
            })
            .Build();
        try
        {
            var done = await pipeline.ExecuteAsync(async token =>
            {
                var (ok, state) = await check(token);
                last = state;
                return ok;
            }, ct);
            return new WaitResult(done, watch.Elapsed, last);
        }
        catch (Exception ex) when (accepts(ex))
        {
            // The deadline passed on a "not yet" exception.
            return new WaitResult(false, watch.Elapsed, last);
        }
    }

    /// <summary>Waits for a lab condition; at the deadline throws a <see cref="LabException"/> naming it and the last state seen.</summary>
    public static async Task UntilAsync(string what, TimeSpan timeout, Func<CancellationToken, Task<(bool Done, string State)>> check, TimeSpan? interval = null, CancellationToken ct = default)
    {
        var result = await PollAsync(timeout, check, interval, ct: ct);
        if (!result.Done)
        {
            throw new LabException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}; last seen: {result.LastState}");
        }
    }
}
