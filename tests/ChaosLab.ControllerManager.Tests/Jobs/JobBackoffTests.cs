using ChaosLab.ControllerManager.Jobs;

namespace ChaosLab.ControllerManager.Tests.Jobs;

[Category("Unit")]
public class JobBackoffTests
{
    [TestCase(0, 0)]
    [TestCase(1, 10)]
    [TestCase(2, 20)]
    [TestCase(4, 80)]
    [TestCase(7, 600)]
    [TestCase(30, 600)]
    public void Doubles_from_ten_seconds_up_to_ten_minutes(int failures, int seconds) =>
        Assert.That(JobBackoff.Delay(failures), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [Test]
    public void Counts_from_the_last_failure()
    {
        var now = new DateTimeOffset(2025, 1, 1, 0, 0, 30, TimeSpan.Zero);
        Assert.That(JobBackoff.Remaining(2, now.AddSeconds(-5), now), Is.EqualTo(TimeSpan.FromSeconds(15)));
        Assert.That(JobBackoff.Remaining(1, now.AddSeconds(-15), now), Is.EqualTo(TimeSpan.Zero));
        Assert.That(JobBackoff.Remaining(1, null, now), Is.EqualTo(TimeSpan.Zero));
    }
}
