using System.Collections.Concurrent;
using System.Diagnostics;

namespace ChaosLab.Cli.Bench;

/// <summary>Runs N operations at a fixed concurrency (or a fixed rate) and reports throughput and percentiles.</summary>
internal static class LatencyRecorder
{
    public static async Task<BenchFigure> RunAsync(string name, int count, int concurrency, Func<int, Task> operation)
    {
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        var next = -1;
        var total = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    await operation(i);
                    latencies.Add(watch.Elapsed.TotalMilliseconds);
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or ChaosLab.ApiServer.Storage.StorageException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        await Task.WhenAll(workers);
        return BenchFigure.From(name, latencies, failures, total.Elapsed);
    }

    /// <summary>Starts one operation every 1/rate seconds regardless of how long the others take (open loop).</summary>
    public static async Task<BenchFigure> RunAtRateAsync(string name, int rate, TimeSpan duration, Func<int, Task> operation)
    {
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        var total = Stopwatch.StartNew();
        var pending = new List<Task>();
        var count = (int)(rate * duration.TotalSeconds);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > total.Elapsed)
            {
                await Task.Delay(due - total.Elapsed);
            }
            var index = i;
            pending.Add(Task.Run(async () =>
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    await operation(index);
                    latencies.Add(watch.Elapsed.TotalMilliseconds);
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                }
            }));
        }
        await Task.WhenAll(pending);
        return BenchFigure.From(name, latencies, failures, total.Elapsed);
    }
}

internal sealed record BenchFigure(string Name, int Count, int Failures, double PerSecond, double P50, double P99)
{
    public static BenchFigure From(string name, IEnumerable<double> latencies, int failures, TimeSpan elapsed)
    {
        var sample = latencies.ToArray();
        var p = Percentiles.Of(sample);
        return new BenchFigure(name, sample.Length, failures, sample.Length / elapsed.TotalSeconds, p.P50, p.P99);
    }
}
