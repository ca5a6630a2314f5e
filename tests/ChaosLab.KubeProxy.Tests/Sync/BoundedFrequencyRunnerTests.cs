using ChaosLab.KubeProxy.Sync;

namespace ChaosLab.KubeProxy.Tests.Sync;

[Category("Unit")]
public sealed class BoundedFrequencyRunnerTests
{
    [Test]
    public async Task A_burst_of_requests_is_coalesced_and_min_interval_is_kept()
    {
        var starts = new List<DateTimeOffset>();
        var runner = new BoundedFrequencyRunner(_ => { lock (starts) { starts.Add(DateTimeOffset.UtcNow); } return Task.CompletedTask; },
            TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1));
        using var cts = new CancellationTokenSource();
        var run = runner.RunAsync(null, cts.Token);

        await Task.Delay(50);
        for (var i = 0; i < 100; i++)
        {
            runner.Request();
        }
        await Task.Delay(600);
        await cts.CancelAsync();
        await run;

        lock (starts)
        {
            Assert.That(starts, Has.Count.EqualTo(2), "the first sync, then the whole burst in one more");
            var gaps = starts.Zip(starts.Skip(1), (a, b) => b - a);
            Assert.That(gaps, Has.All.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190)));
        }
    }

    [Test]
    public async Task Syncs_repeat_every_max_interval_without_requests()
    {
        var count = 0;
        var runner = new BoundedFrequencyRunner(_ => { Interlocked.Increment(ref count); return Task.CompletedTask; },
            TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(550));

        await runner.RunAsync(null, cts.Token);

        Assert.That(count, Is.InRange(4, 7));
    }

    [Test]
    public async Task A_failed_sync_is_reported_and_retried_after_the_retry_delay()
    {
        var count = 0;
        var failures = new List<Exception>();
        var runner = new BoundedFrequencyRunner(
            _ => Interlocked.Increment(ref count) == 1 ? throw new InvalidOperationException("boom") : Task.CompletedTask,
            TimeSpan.Zero, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(100));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));

        await runner.RunAsync(failures.Add, cts.Token);

        Assert.That(count, Is.EqualTo(2));
        Assert.That(failures.Single().Message, Is.EqualTo("boom"));
    }

    [Test]
    public void Min_interval_above_max_interval_is_refused() =>
        Assert.That(() => new BoundedFrequencyRunner(_ => Task.CompletedTask, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), TimeSpan.Zero),
            Throws.ArgumentException);
}
