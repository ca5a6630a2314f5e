using ChaosLab.Scheduler.Queue;

namespace ChaosLab.Scheduler.Tests.Queue;

[Category("Unit")]
public sealed class PodBackoffTests
{
    [TestCase(1, 1)]
    [TestCase(2, 2)]
    [TestCase(4, 8)]
    [TestCase(5, 10)]
    [TestCase(50, 10)]
    public void Backoff_starts_at_one_second_and_caps_at_ten(int attempts, int seconds) =>
        Assert.That(PodBackoff.Default.DurationFor(attempts), Is.EqualTo(TimeSpan.FromSeconds(seconds)));
}
