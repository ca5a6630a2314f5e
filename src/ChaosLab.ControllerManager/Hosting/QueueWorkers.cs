using System.Diagnostics;
using ChaosLab.Client;
using ChaosLab.Client.Queues;

namespace ChaosLab.ControllerManager.Hosting;

/// <summary>Runs a controller's work queue with metrics around every sync; the queue retries failures with back-off.</summary>
internal static class QueueWorkers
{
    /// <summary>A 409 means our cache was behind a write: look again once the watch has caught up.</summary>
    private static readonly TimeSpan ConflictRetry = TimeSpan.FromMilliseconds(100);

    public static async Task RunAsync(
        string controller, WorkQueue queue, int workers, Func<string, CancellationToken, Task> sync, ControllerMetrics metrics, CancellationToken ct)
    {
        metrics.RegisterQueue(controller, queue);
        try
        {
            await queue.RunWorkersAsync(Math.Max(1, workers), async (key, token) =>
            {
                var started = Stopwatch.GetTimestamp();
                var succeeded = false;
                try
                {
                    await sync(key, token);
                    succeeded = true;
                }
                catch (Exception ex) when (IsConflict(ex))
                {
                    // Expected under concurrency (kubelets, other controllers write the same objects); not worth a warning.
                    queue.AddAfter(key, ConflictRetry);
                }
                finally
                {
                    metrics.RecordSync(controller, succeeded, Stopwatch.GetElapsedTime(started));
                }
            }, ct);
        }
        finally
        {
            metrics.UnregisterQueue(controller);
        }
    }

    private static bool IsConflict(Exception ex) => ex switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.All(IsConflict),
        _ => ApiErrors.IsConflict(ex),
    };
}
