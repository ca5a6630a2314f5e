using ChaosLab.ControllerManager.CronJobs;
using k8s.Models;

namespace ChaosLab.ControllerManager.Tests.CronJobs;

[Category("Unit")]
public class CronJobPlannerTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 12, 34, 5, TimeSpan.Zero);
    private static readonly HashSet<string> NoneGone = [];

    private static V1CronJob CronJob(string policy = "Allow", V1CronJobStatus? status = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "tick", NamespaceProperty = "default", Uid = "cj-uid", CreationTimestamp = Now.AddMinutes(-10).UtcDateTime },
        Spec = new V1CronJobSpec
        {
            Schedule = "*/1 * * * *",
            ConcurrencyPolicy = policy,
            SuccessfulJobsHistoryLimit = 3,
            FailedJobsHistoryLimit = 1,
            JobTemplate = new V1JobTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "tick" } },
                Spec = new V1JobSpec { Template = new V1PodTemplateSpec { Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "c", Image = "shell" }] } } },
            },
        },
        Status = status ?? new V1CronJobStatus { LastScheduleTime = Now.AddMinutes(-1).AddSeconds(-5).UtcDateTime },
    };

    private static V1Job OwnJob(string name, string? finished = null, int startedMinutesAgo = 1) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = name + "-uid" },
        Status = new V1JobStatus
        {
            StartTime = Now.AddMinutes(-startedMinutesAgo).UtcDateTime,
            CompletionTime = finished == "Complete" ? Now.AddMinutes(-startedMinutesAgo).AddSeconds(5).UtcDateTime : null,
            Conditions = finished is null ? null : [new V1JobCondition { Type = finished, Status = "True" }],
        },
    };

    private static V1ObjectReference Ref(string name) => new() { Kind = "Job", Name = name, Uid = name + "-uid" };

    [Test]
    public void A_due_activation_creates_a_job_named_after_the_minute()
    {
        var plan = CronJobPlanner.Plan(CronJob(), [], NoneGone, Now);

        var scheduled = new DateTimeOffset(2025, 3, 10, 12, 34, 0, TimeSpan.Zero);
        Assert.That(plan.ScheduledTime, Is.EqualTo(scheduled));
        var job = plan.JobToCreate!;
        Assert.That(job.Metadata.Name, Is.EqualTo($"tick-{scheduled.ToUnixTimeSeconds() / 60}"));
        Assert.That(job.Metadata.Labels["app"], Is.EqualTo("tick"));
        Assert.That(job.Metadata.Annotations[CronJobPlanner.ScheduledTimestampAnnotation], Is.EqualTo("2025-03-10T12:34:00Z"));
        var owner = job.Metadata.OwnerReferences.Single();
        Assert.That((owner.Kind, owner.Uid, owner.Controller), Is.EqualTo(("CronJob", "cj-uid", (bool?)true)));
        Assert.That(plan.RequeueAfter, Is.EqualTo(TimeSpan.FromMilliseconds(55_100)));
    }

    [Test]
    public void Nothing_is_created_before_the_next_minute()
    {
        var plan = CronJobPlanner.Plan(CronJob(status: new V1CronJobStatus { LastScheduleTime = new DateTime(2025, 3, 10, 12, 34, 0, DateTimeKind.Utc) }), [], NoneGone, Now);
        Assert.That(plan.JobToCreate, Is.Null);
    }

    [Test]
    public void Forbid_skips_while_a_job_runs_and_replace_deletes_it()
    {
        var running = new V1CronJobStatus { LastScheduleTime = Now.AddMinutes(-2).UtcDateTime, Active = [Ref("tick-1")] };
        var forbid = CronJobPlanner.Plan(CronJob("Forbid", running), [OwnJob("tick-1")], NoneGone, Now);
        Assert.That(forbid.JobToCreate, Is.Null);

        var replace = CronJobPlanner.Plan(CronJob("Replace", running), [OwnJob("tick-1")], NoneGone, Now);
        Assert.That(replace.ToReplace.Select(r => r.Name), Is.EqualTo(new[] { "tick-1" }));
        Assert.That(replace.JobToCreate, Is.Not.Null);
        Assert.That(replace.Status.Active, Is.Empty);

        var allow = CronJobPlanner.Plan(CronJob("Allow", running), [OwnJob("tick-1")], NoneGone, Now);
        Assert.That((allow.JobToCreate is not null, allow.ToReplace.Count), Is.EqualTo((true, 0)));
    }

    [Test]
    public void Finished_jobs_leave_the_active_list_and_the_last_success_is_recorded()
    {
        var status = new V1CronJobStatus { LastScheduleTime = Now.AddSeconds(-5).UtcDateTime, Active = [Ref("done"), Ref("gone")] };
        var plan = CronJobPlanner.Plan(CronJob(status: status), [OwnJob("done", "Complete")], new HashSet<string> { "gone-uid" }, Now);

        Assert.That(plan.Status.Active, Is.Empty);
        Assert.That(plan.Status.LastSuccessfulTime, Is.EqualTo(Now.AddMinutes(-1).AddSeconds(5).UtcDateTime));
        Assert.That(plan.StatusChanged, Is.True);
    }

    [Test]
    public void A_missed_starting_deadline_skips_the_activation()
    {
        var late = Now.AddSeconds(30);
        var cronJob = CronJob();
        cronJob.Spec.StartingDeadlineSeconds = 10;
        Assert.That(CronJobPlanner.Plan(cronJob, [], NoneGone, late).JobToCreate, Is.Null);
        cronJob.Spec.StartingDeadlineSeconds = 60;
        Assert.That(CronJobPlanner.Plan(cronJob, [], NoneGone, late).JobToCreate, Is.Not.Null);
    }

    [Test]
    public void Suspended_cronjobs_start_nothing()
    {
        var cronJob = CronJob();
        cronJob.Spec.Suspend = true;
        var plan = CronJobPlanner.Plan(cronJob, [], NoneGone, Now);
        Assert.That((plan.JobToCreate, plan.RequeueAfter), Is.EqualTo(((V1Job?)null, (TimeSpan?)null)));
    }

    [Test]
    public void History_beyond_the_limits_is_deleted_oldest_first()
    {
        var jobs = new[]
        {
            OwnJob("ok-1", "Complete", 5), OwnJob("ok-2", "Complete", 4), OwnJob("ok-3", "Complete", 3), OwnJob("ok-4", "Complete", 2),
            OwnJob("bad-1", "Failed", 5), OwnJob("bad-2", "Failed", 4), OwnJob("running", null, 1),
        };
        var plan = CronJobPlanner.Plan(CronJob(), jobs, NoneGone, Now);
        Assert.That(plan.HistoryToDelete.Select(j => j.Metadata.Name), Is.EquivalentTo(new[] { "ok-1", "bad-1" }));
    }
}
