using ChaosLab.Lab.Lifecycle;

namespace ChaosLab.Lab.Tests.Lifecycle;

[Category("Unit")]
public sealed class WaiterTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    [Test]
    public async Task A_check_that_holds_on_the_third_try_is_done_with_its_last_state()
    {
        var tries = 0;
        var result = await Waiter.PollAsync(TimeSpan.FromSeconds(10), _ => Task.FromResult((++tries == 3, $"try {tries}")), Tick);

        Assert.That((result.Done, result.LastState, tries), Is.EqualTo((true, "try 3", 3)));
    }

    [Test]
    public async Task At_the_deadline_the_wait_is_not_done_and_keeps_the_last_state()
    {
        var result = await Waiter.PollAsync(TimeSpan.FromMilliseconds(50), _ => Task.FromResult((false, "still 1 of 3")), Tick);

        Assert.That((result.Done, result.LastState), Is.EqualTo((false, "still 1 of 3")));
        Assert.That(result.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(50)));
    }

    [Test]
    public async Task Accepted_exceptions_mean_not_yet_and_others_propagate()
    {
        var tries = 0;
        var result = await Waiter.PollAsync(TimeSpan.FromSeconds(10), _ =>
            ++tries < 3 ? throw new TimeoutException("busy") : Task.FromResult((true, "answered")), Tick, ex => ex is TimeoutException);
        Assert.That((result.Done, tries), Is.EqualTo((true, 3)));

        Assert.ThrowsAsync<InvalidOperationException>(() => Waiter.PollAsync(TimeSpan.FromSeconds(10),
            _ => throw new InvalidOperationException("a bug"), Tick, ex => ex is TimeoutException));
    }

    [Test]
    public void Until_names_what_it_waited_for_and_the_last_state()
    {
        var error = Assert.ThrowsAsync<LabException>(() => Waiter.UntilAsync("etcd to elect a leader", TimeSpan.FromMilliseconds(30),
            _ => Task.FromResult((false, "cp-1: no leader")), Tick));

        Assert.That(error!.Message, Is.EqualTo("timed out after 0 s waiting for etcd to elect a leader; last seen: cp-1: no leader"));
    }
}
