using ChaosLab.Scheduler.Queue;
using ChaosLab.Scheduler.Tests.Support;
using static ChaosLab.Scheduler.Tests.Support.TestObjects;

namespace ChaosLab.Scheduler.Tests.Queue;

[Category("Unit")]
public sealed class SchedulingQueueTests
{
    private static readonly DateTime T0 = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private ManualTime _time = null!;
    private SchedulingQueue _queue = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new ManualTime();
        _queue = new SchedulingQueue(_time);
    }

    [Test]
    public async Task Pods_come_out_oldest_first_and_higher_priority_before_that()
    {
        _queue.Add(Pod("newer", created: T0.AddSeconds(2)));
        _queue.Add(Pod("older", created: T0.AddSeconds(1)));
        _queue.Add(Pod("important", created: T0.AddSeconds(3), priority: 1000));

        Assert.That(await PopNameAsync(), Is.EqualTo("important"));
        Assert.That(await PopNameAsync(), Is.EqualTo("older"));
        Assert.That(await PopNameAsync(), Is.EqualTo("newer"));
    }

    [Test]
    public async Task An_unschedulable_pod_waits_for_a_cluster_event_then_for_its_backoff()
    {
        _queue.Add(Pod("p"));
        var popped = await PopAsync();
        _queue.AddUnschedulable(popped, unschedulable: true);

        _time.Advance(TimeSpan.FromSeconds(30));
        _queue.FlushBackoffCompleted();
        Assert.That((_queue.ActiveCount, _queue.UnschedulableCount), Is.EqualTo((0, 1)), "no event yet: the pod stays parked");

        _queue.MoveAllToActiveOrBackoff();
        Assert.That(_queue.ActiveCount, Is.EqualTo(1), "a node was added and the 1 s back-off is over");
    }

    [Test]
    public async Task A_node_added_during_the_backoff_moves_the_pod_to_backoff_first()
    {
        _queue.Add(Pod("p"));
        _queue.AddUnschedulable(await PopAsync(), unschedulable: true);

        _queue.MoveAllToActiveOrBackoff();
        Assert.That((_queue.ActiveCount, _queue.BackoffCount), Is.EqualTo((0, 1)));

        _time.Advance(TimeSpan.FromMilliseconds(999));
        _queue.FlushBackoffCompleted();
        Assert.That(_queue.ActiveCount, Is.Zero);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        _queue.FlushBackoffCompleted();
        Assert.That(_queue.ActiveCount, Is.EqualTo(1));
    }

    [Test]
    public async Task The_backoff_doubles_per_attempt_up_to_ten_seconds()
    {
        _queue.Add(Pod("p"));
        var waits = new List<double>();
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var popped = await PopAsync();
            _queue.AddUnschedulable(popped, unschedulable: false);
            var waited = 0.0;
            while (_queue.ActiveCount == 0)
            {
                _time.Advance(TimeSpan.FromMilliseconds(500));
                waited += 0.5;
                _queue.FlushBackoffCompleted();
            }
            waits.Add(waited);
        }

        Assert.That(waits, Is.EqualTo(new[] { 1.0, 2, 4, 8, 10, 10 }));
    }

    [Test]
    public async Task A_pod_that_fails_after_a_cluster_event_during_its_attempt_is_not_parked()
    {
        _queue.Add(Pod("p"));
        var popped = await PopAsync();
        // The node that would fit arrived while the pod was being scheduled against an older snapshot.
        _queue.MoveAllToActiveOrBackoff();

        _queue.AddUnschedulable(popped, unschedulable: true);

        Assert.That((_queue.BackoffCount, _queue.UnschedulableCount), Is.EqualTo((1, 0)));
    }

    [Test]
    public async Task A_pod_deleted_while_in_flight_is_not_requeued()
    {
        _queue.Add(Pod("p"));
        var popped = await PopAsync();

        _queue.Delete(popped.Key);
        _queue.AddUnschedulable(popped, unschedulable: true);

        Assert.That(_queue.Contains(popped.Key), Is.False);
    }

    [Test]
    public async Task A_spec_change_gives_an_unschedulable_pod_another_try_but_a_status_change_does_not()
    {
        var pod = Pod("p");
        _queue.Add(pod);
        _queue.AddUnschedulable(await PopAsync(), unschedulable: true);
        _time.Advance(TimeSpan.FromSeconds(5));

        var statusOnly = Pod("p");
        statusOnly.Status.Reason = "whatever";
        _queue.Update(statusOnly);
        Assert.That(_queue.UnschedulableCount, Is.EqualTo(1));

        _queue.Update(Pod("p", tolerations: [new() { OperatorProperty = "Exists" }]));
        Assert.That(_queue.ActiveCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Unschedulable_pods_are_retried_after_five_minutes_even_without_events()
    {
        _queue.Add(Pod("p"));
        _queue.AddUnschedulable(await PopAsync(), unschedulable: true);

        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        _queue.FlushUnschedulableLeftover();

        Assert.That(_queue.ActiveCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Pop_waits_for_a_pod_and_returns_null_once_closed()
    {
        var waiting = _queue.PopAsync(CancellationToken.None);
        Assert.That(waiting.IsCompleted, Is.False);

        _queue.Add(Pod("late"));
        Assert.That((await waiting.WaitAsync(TimeSpan.FromSeconds(5)))!.Pod.Metadata.Name, Is.EqualTo("late"));

        var closed = _queue.PopAsync(CancellationToken.None);
        _queue.Close();
        Assert.That(await closed.WaitAsync(TimeSpan.FromSeconds(5)), Is.Null);
    }

    private async Task<QueuedPod> PopAsync() =>
        (await _queue.PopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)))!;

    private async Task<string> PopNameAsync() => (await PopAsync()).Pod.Metadata.Name;
}
