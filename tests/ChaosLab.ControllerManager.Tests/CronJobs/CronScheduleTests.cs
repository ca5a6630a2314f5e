using ChaosLab.ControllerManager.CronJobs;

namespace ChaosLab.ControllerManager.Tests.CronJobs;

[Category("Unit")]
public class CronScheduleTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 10, 12, 34, 56, TimeSpan.Zero);

    private static CronSchedule Parse(string schedule, string? zone = null) =>
        CronSchedule.TryParse(schedule, zone, out var error) ?? throw new AssertionException(error);

    [TestCase("*/1 * * * *", "2025-03-10T12:35:00Z")]
    [TestCase("*/15 * * * *", "2025-03-10T12:45:00Z")]
    [TestCase("@hourly", "2025-03-10T13:00:00Z")]
    [TestCase("@daily", "2025-03-11T00:00:00Z")]
    [TestCase("0 9 * * 1-5", "2025-03-11T09:00:00Z")]
    [TestCase("@every 90s", "2025-03-10T12:36:26Z")]
    public void Next_activation(string schedule, string expected) =>
        Assert.That(Parse(schedule).Next(At), Is.EqualTo(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));

    [Test]
    public void Time_zones_shift_the_activation()
    {
        // 09:00 in Berlin is 08:00 UTC in March before daylight saving time starts.
        Assert.That(Parse("0 9 * * *", "Europe/Berlin").Next(At), Is.EqualTo(new DateTimeOffset(2025, 3, 11, 8, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Most_recent_activation_since_the_last_one()
    {
        var schedule = Parse("*/1 * * * *");
        Assert.That(schedule.MostRecent(At.AddSeconds(-60), At), Is.EqualTo((new DateTimeOffset(2025, 3, 10, 12, 34, 0, TimeSpan.Zero), false)));
        Assert.That(schedule.MostRecent(At.AddMinutes(-5), At)!.Value.MissedSeveral, Is.True);
        Assert.That(schedule.MostRecent(new DateTimeOffset(2025, 3, 10, 12, 34, 0, TimeSpan.Zero), At), Is.Null, "already started");
    }

    [Test]
    public void A_long_missed_yearly_schedule_is_found()
    {
        var recent = Parse("@yearly").MostRecent(new DateTimeOffset(2020, 6, 1, 0, 0, 0, TimeSpan.Zero), At);
        Assert.That(recent!.Value.Time, Is.EqualTo(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [TestCase("not a schedule")]
    [TestCase("61 * * * *")]
    public void Bad_schedules_do_not_parse(string schedule)
    {
        Assert.That(CronSchedule.TryParse(schedule, null, out var error), Is.Null);
        Assert.That(error, Is.Not.Empty);
    }
}
