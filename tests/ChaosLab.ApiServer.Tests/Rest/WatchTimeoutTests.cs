using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Tests.Rest;

[Category("Unit")]
public sealed class WatchTimeoutTests
{
    [Test]
    public void A_given_timeout_is_honoured() =>
        Assert.That(WatchTimeout.For(300, new Random(1)), Is.EqualTo(TimeSpan.FromSeconds(300)));

    [TestCase(null)]
    [TestCase(0L)]
    public void Without_one_the_watch_runs_between_one_and_two_min_request_timeouts(long? seconds)
    {
        var timeout = WatchTimeout.For(seconds, new Random(7));

        Assert.That(timeout, Is.InRange(TimeSpan.FromSeconds(1800), TimeSpan.FromSeconds(3600)));
    }

    [TestCase(5_000_000L)]
    [TestCase(long.MaxValue)]
    public void A_timeout_beyond_what_a_timer_can_wait_is_held_at_the_longest_it_can(long seconds)
    {
        var timeout = WatchTimeout.For(seconds, new Random(1));
        using var cts = new CancellationTokenSource();

        Assert.That(timeout, Is.EqualTo(WatchTimeout.Longest));
        Assert.That(() => cts.CancelAfter(timeout), Throws.Nothing);
        Assert.That(timeout, Is.GreaterThan(TimeSpan.FromDays(49)));
    }
}
