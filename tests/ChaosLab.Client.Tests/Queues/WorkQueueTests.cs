using System.Collections.Concurrent;
using ChaosLab.Client.Queues;

namespace ChaosLab.Client.Tests.Queues;

[Category("Unit")]
public sealed class WorkQueueTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(100);

    [Test]
    public async Task A_key_added_several_times_while_queued_is_handed_out_once()
    {
        using var queue = new WorkQueue();
        queue.Add("default/a");
        queue.Add("default/b");
        queue.Add("default/a");

        Assert.That(queue.Length, Is.EqualTo(2));
        Assert.That(await queue.GetAsync(CancellationToken.None), Is.EqualTo("default/a"));
        Assert.That(await queue.GetAsync(CancellationToken.None), Is.EqualTo("default/b"));
        Assert.That(queue.Length, Is.Zero);
    }

    [Test]
    public async Task A_key_added_while_being_processed_waits_for_Done_and_is_then_queued_again()
    {
        using var queue = new WorkQueue();
        queue.Add("a");
        var key = await queue.GetAsync(CancellationToken.None);

        queue.Add("a");
        Assert.That(queue.Length, Is.Zero, "a key in processing must not be handed to a second worker");
        Assert.That(await TryGetAsync(queue, Short), Is.Null);

        queue.Done(key!);
        Assert.That(queue.Length, Is.EqualTo(1));
        Assert.That(await queue.GetAsync(CancellationToken.None), Is.EqualTo("a"));
    }

    [Test]
    public async Task Done_without_a_new_add_does_not_queue_the_key_again()
    {
        using var queue = new WorkQueue();
        queue.Add("a");
        queue.Done((await queue.GetAsync(CancellationToken.None))!);

        Assert.That(queue.Length, Is.Zero);
    }

    [Test]
    public async Task Workers_never_process_one_key_concurrently_even_when_it_is_added_all_the_time()
    {
        using var queue = new WorkQueue();
        using var cts = new CancellationTokenSource();
        var inFlight = new ConcurrentDictionary<string, int>();
        var maxInFlight = 0;
        var processed = 0;
        var workers = queue.RunWorkersAsync(8, async (key, ct) =>
        {
            var now = inFlight.AddOrUpdate(key, 1, (_, n) => n + 1);
            InterlockedMax(ref maxInFlight, now);
            await Task.Delay(2, ct);
            inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
            Interlocked.Increment(ref processed);
        }, cts.Token);

        for (var i = 0; i < 300; i++)
        {
            queue.Add(i % 2 == 0 ? "hot" : "warm");
            await Task.Yield();
        }
        await Eventually.AssertAsync(() => Volatile.Read(ref processed) >= 4, "the keys were processed several times");
        await cts.CancelAsync();
        await workers;

        Assert.That(maxInFlight, Is.EqualTo(1));
    }

    [Test]
    public void Rate_limited_back_off_doubles_per_key_up_to_the_cap_and_Forget_resets_it()
    {
        var limiter = new ItemExponentialRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(30));

        var delays = Enumerable.Range(0, 5).Select(_ => limiter.When("a").TotalMilliseconds).ToArray();
        Assert.That(delays, Is.EqualTo(new[] { 5.0, 10, 20, 30, 30 }));
        Assert.That(limiter.When("b").TotalMilliseconds, Is.EqualTo(5), "keys back off independently");
        Assert.That(limiter.NumRequeues("a"), Is.EqualTo(5));

        limiter.Forget("a");
        Assert.That(limiter.NumRequeues("a"), Is.Zero);
        Assert.That(limiter.When("a").TotalMilliseconds, Is.EqualTo(5));
    }

    [Test]
    public void The_default_back_off_is_5ms_doubling_to_1000s()
    {
        var limiter = new ItemExponentialRateLimiter(new WorkQueueOptions().BaseRetryDelay, new WorkQueueOptions().MaxRetryDelay);

        Assert.That(limiter.When("a"), Is.EqualTo(TimeSpan.FromMilliseconds(5)));
        for (var i = 0; i < 100; i++)
        {
            limiter.When("a");
        }
        Assert.That(limiter.When("a"), Is.EqualTo(TimeSpan.FromSeconds(1000)));
    }

    [Test]
    public async Task AddRateLimited_delays_the_key_and_counts_requeues_until_Forget()
    {
        using var queue = new WorkQueue(new WorkQueueOptions { BaseRetryDelay = TimeSpan.FromMilliseconds(50) });
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");

        Assert.That(queue.Length, Is.Zero, "the key waits out its back-off first");
        Assert.That(queue.NumRequeues("a"), Is.EqualTo(2));
        await Eventually.AssertAsync(() => queue.Length == 1, "the delayed key arrived");
        await Task.Delay(Short);
        Assert.That(queue.Length, Is.EqualTo(1), "two pending delays of one key add it once");

        queue.Forget("a");
        Assert.That(queue.NumRequeues("a"), Is.Zero);
    }

    [Test]
    public async Task AddAfter_keeps_the_earliest_ready_time_of_a_key()
    {
        using var queue = new WorkQueue();
        queue.AddAfter("a", TimeSpan.FromSeconds(30));
        queue.AddAfter("a", TimeSpan.FromMilliseconds(20));

        await Eventually.AssertAsync(() => queue.Length == 1, "the earlier delay won");
    }

    [Test]
    public async Task A_failing_sync_is_retried_with_back_off_and_forgotten_once_it_succeeds()
    {
        using var queue = new WorkQueue(new WorkQueueOptions { BaseRetryDelay = TimeSpan.FromMilliseconds(1) });
        using var cts = new CancellationTokenSource();
        var attempts = 0;
        var workers = queue.RunWorkersAsync(2, (_, _) =>
            Interlocked.Increment(ref attempts) <= 2
                ? Task.FromException(new InvalidOperationException("not yet"))
                : Task.CompletedTask,
            cts.Token);

        queue.Add("a");
        await Eventually.AssertAsync(() => Volatile.Read(ref attempts) == 3, "the third attempt ran");
        await Eventually.AssertAsync(() => queue.NumRequeues("a") == 0, "success forgot the failures");
        await cts.CancelAsync();
        await workers;
    }

    [Test]
    public async Task ShutDown_releases_waiting_getters_and_ignores_later_adds()
    {
        using var queue = new WorkQueue();
        var waiting = queue.GetAsync(CancellationToken.None);

        queue.ShutDown();
        queue.Add("a");

        Assert.That(await waiting, Is.Null);
        Assert.That(queue.IsShuttingDown, Is.True);
        Assert.That(queue.Length, Is.Zero);
    }

    [Test]
    public async Task Cancelling_the_workers_shuts_the_queue_down_and_they_finish()
    {
        using var queue = new WorkQueue();
        using var cts = new CancellationTokenSource();
        var workers = queue.RunWorkersAsync(3, (_, _) => Task.CompletedTask, cts.Token);

        await cts.CancelAsync();

        Assert.That(await Task.WhenAny(workers, Task.Delay(Eventually.DefaultTimeout)), Is.SameAs(workers));
        Assert.That(queue.IsShuttingDown, Is.True);
    }

    private static async Task<string?> TryGetAsync(WorkQueue queue, TimeSpan wait)
    {
        using var cts = new CancellationTokenSource(wait);
        try
        {
            return await queue.GetAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
