using System.Text.Json.Nodes;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.Validation;

[TestFixture]
[Category("Unit")]
public sealed class CronJobStrategyTests
{
    private static JsonObject CronJob(string schedule = "*/5 * * * *", string name = "nightly") => Json("""
        {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"NAME","namespace":"default"},
         "spec":{"schedule":"SCHEDULE","jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"OnFailure","containers":[{"name":"c","image":"shell"}]}}}}}}
        """.Replace("NAME", name, StringComparison.Ordinal).Replace("SCHEDULE", schedule, StringComparison.Ordinal));

    [Test]
    public void Minimal_cronjob_gets_upstream_defaults()
    {
        var cronJob = CronJob();
        var causes = Create("CronJob", cronJob);
        var spec = cronJob["spec"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Describe(causes), Is.Empty);
            Assert.That((string?)spec["concurrencyPolicy"], Is.EqualTo("Allow"));
            Assert.That((bool?)spec["suspend"], Is.False);
            Assert.That(((int?)spec["successfulJobsHistoryLimit"], (int?)spec["failedJobsHistoryLimit"]), Is.EqualTo(((int?)3, (int?)1)));
            Assert.That(spec["jobTemplate"]!["spec"]!["backoffLimit"], Is.Null, "job defaults apply when the Job is created");
        }
    }

    [TestCase("@hourly")]
    [TestCase("@every 90s")]
    [TestCase("0 3 * * 1-5")]
    [TestCase("*/1 * * * *")]
    public void Standard_schedules_are_accepted(string schedule) =>
        Assert.That(Describe(Create("CronJob", CronJob(schedule))), Is.Empty);

    [TestCase("every minute", "Invalid value: \"every minute\": expected exactly 5 fields, found 2: [every minute]")]
    [TestCase("@fortnightly", "Invalid value: \"@fortnightly\": unrecognized descriptor: @fortnightly")]
    [TestCase("* * * * * *", "Invalid value: \"* * * * * *\": expected exactly 5 fields, found 6: [* * * * * *]")]
    public void Bad_schedules_are_invalid_with_the_parsers_reason(string schedule, string message)
    {
        var causes = Create("CronJob", CronJob(schedule));
        Assert.That(causes.Select(c => (c.Field, c.Message)), Is.EqualTo(new[] { ("spec.schedule", message) }));
    }

    [Test]
    public void Out_of_range_fields_are_invalid()
    {
        var causes = Create("CronJob", CronJob("61 * * * *"));
        Assert.That(causes.Select(c => c.Field), Is.EqualTo(new[] { "spec.schedule" }));
    }

    [Test]
    public void Time_zones_must_be_explicit_and_known()
    {
        var local = CronJob();
        local["spec"]!["timeZone"] = "Local";
        Assert.That(Describe(Create("CronJob", local)), Does.Contain("timeZone must be an explicit time zone"));
        var unknown = CronJob();
        unknown["spec"]!["timeZone"] = "Mars/Olympus";
        Assert.That(Describe(Create("CronJob", unknown)), Is.EqualTo("spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus"));
        var utc = CronJob();
        utc["spec"]!["timeZone"] = "UTC";
        Assert.That(Describe(Create("CronJob", utc)), Is.Empty);
    }

    [Test]
    public void Names_leave_room_for_the_jobs_time_suffix()
    {
        var causes = Create("CronJob", CronJob(name: new string('a', 53)));
        Assert.That(Describe(causes), Does.Contain("metadata.name: Invalid value: \"" + new string('a', 53) + "\": must be no more than 52 characters"));
        Assert.That(Describe(Create("CronJob", CronJob(name: new string('a', 52)))), Is.Empty);
    }

    [Test]
    public void The_job_templates_pods_may_not_restart_always_and_policies_are_enumerated()
    {
        var cronJob = CronJob();
        cronJob["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!["restartPolicy"] = "Always";
        cronJob["spec"]!["concurrencyPolicy"] = "Sometimes";
        var causes = Create("CronJob", cronJob);
        Assert.That(causes.Select(c => c.Field), Is.EquivalentTo(new[] { "spec.jobTemplate.spec.template.spec.restartPolicy", "spec.concurrencyPolicy" }));
    }
}
