using ChaosLab.ControllerManager.Jobs;
using k8s.Models;
using static ChaosLab.ControllerManager.Tests.Jobs.JobObjects;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.Jobs;

[Category("Unit")]
public class JobPlannerTests
{
    [Test]
    public void A_new_job_starts_as_many_pods_as_parallelism_allows_with_the_tracking_finalizer()
    {
        var plan = JobPlanner.Plan(Job(completions: 3, parallelism: 2, status: new V1JobStatus()), [], manage: true, Now);

        Assert.That(plan.CreateCount, Is.EqualTo(2));
        var pod = plan.PodToCreate!;
        Assert.That(pod.Metadata.GenerateName, Is.EqualTo("work-"));
        Assert.That(pod.Metadata.Finalizers, Is.EqualTo(new[] { JobPods.TrackingFinalizer }));
        var owner = pod.Metadata.OwnerReferences.Single();
        Assert.That((owner.ApiVersion, owner.Kind, owner.Uid, owner.Controller), Is.EqualTo(("batch/v1", "Job", JobUid, (bool?)true)));
        Assert.That(plan.Status!.StartTime, Is.EqualTo(Now.UtcDateTime));
    }

    [Test]
    public void Never_more_pods_than_completions_still_needed()
    {
        var plan = JobPlanner.Plan(Job(completions: 3, parallelism: 2, status: new V1JobStatus { Succeeded = 2, StartTime = Now.UtcDateTime }), [], manage: true, Now);
        Assert.That(plan.CreateCount, Is.EqualTo(1));
    }

    [Test]
    public void A_finished_pod_is_first_recorded_as_uncounted_and_released_then_counted_once()
    {
        var job = Job(completions: 2);
        var done = JobPod("a", "Succeeded");
        var first = JobPlanner.Plan(job, [done], manage: true, Now);

        Assert.That(first.Status!.UncountedTerminatedPods.Succeeded, Is.EqualTo(new[] { "a-uid" }));
        Assert.That(first.Status.Succeeded ?? 0, Is.Zero);
        Assert.That(first.FinalizersToRemove.Select(p => p.Metadata.Name), Is.EqualTo(new[] { "a" }));

        var released = JobPod("a", "Succeeded", finalizer: false);
        var second = JobPlanner.Plan(job with { Status = first.Status }, [released], manage: true, Now);
        Assert.That(second.Status!.Succeeded, Is.EqualTo(1));
        Assert.That(second.Status.UncountedTerminatedPods.Succeeded, Is.Empty);
        Assert.That(second.FinalizersToRemove, Is.Empty);

        var third = JobPlanner.Plan(job with { Status = second.Status }, [released], manage: true, Now);
        Assert.That(third.Status?.Succeeded ?? second.Status.Succeeded, Is.EqualTo(1), "a released pod is never counted twice");
    }

    [Test]
    public void Reaching_completions_sets_success_criteria_then_complete_once_everything_is_counted()
    {
        var job = Job(completions: 1);
        var first = JobPlanner.Plan(job, [JobPod("a", "Succeeded")], manage: true, Now);
        Assert.That(Condition(first.Status!, "SuccessCriteriaMet"), Is.EqualTo("True"));
        Assert.That(Condition(first.Status!, "Complete"), Is.Null, "the pod is not counted yet");
        Assert.That(first.CreateCount, Is.Zero);

        var second = JobPlanner.Plan(job with { Status = first.Status }, [JobPod("a", "Succeeded", finalizer: false)], manage: true, Now);
        Assert.That(Condition(second.Status!, "Complete"), Is.EqualTo("True"));
        Assert.That(second.Status!.Conditions.Single(c => c.Type == "Complete").Reason, Is.EqualTo("CompletionsReached"));
        Assert.That(second.Status.CompletionTime, Is.EqualTo(Now.UtcDateTime));
        Assert.That((second.Status.Succeeded, second.Status.Active), Is.EqualTo(((int?)1, (int?)0)));
    }

    [Test]
    public void Failures_beyond_the_backoff_limit_fail_the_job_after_a_failure_target()
    {
        var job = Job(backoffLimit: 1, status: new V1JobStatus { Failed = 1, StartTime = Now.AddMinutes(-1).UtcDateTime });
        var first = JobPlanner.Plan(job, [JobPod("a", "Failed", finalizer: false), JobPod("b", "Failed")], manage: true, Now);

        var target = first.Status!.Conditions.Single(c => c.Type == "FailureTarget");
        Assert.That((target.Reason, target.Message), Is.EqualTo(("BackoffLimitExceeded", "Job has reached the specified backoff limit")));
        Assert.That(first.CreateCount, Is.Zero);
        Assert.That(Condition(first.Status, "Failed"), Is.Null);

        var second = JobPlanner.Plan(job with { Status = first.Status }, [JobPod("a", "Failed", finalizer: false), JobPod("b", "Failed", finalizer: false)], manage: true, Now);
        Assert.That(Condition(second.Status!, "Failed"), Is.EqualTo("True"));
        Assert.That(second.Status!.Failed, Is.EqualTo(2));
        Assert.That(second.Status.CompletionTime, Is.Null);
    }

    [Test]
    public void A_failed_pod_is_replaced_only_after_the_back_off()
    {
        var job = Job(backoffLimit: 6, status: new V1JobStatus { Failed = 1, StartTime = Now.AddMinutes(-1).UtcDateTime });

        var soon = JobPlanner.Plan(job, [JobPod("a", "Failed", finalizer: false, finishedSecondsAgo: 4)], manage: true, Now);
        Assert.That(soon.CreateCount, Is.Zero);
        Assert.That(soon.RequeueAfter, Is.EqualTo(TimeSpan.FromSeconds(6)));

        var later = JobPlanner.Plan(job, [JobPod("a", "Failed", finalizer: false, finishedSecondsAgo: 11)], manage: true, Now);
        Assert.That(later.CreateCount, Is.EqualTo(1));
    }

    [Test]
    public void Past_its_active_deadline_a_job_deletes_its_pods_and_fails()
    {
        var job = Job(status: new V1JobStatus { StartTime = Now.AddSeconds(-61).UtcDateTime });
        job.Spec.ActiveDeadlineSeconds = 60;

        var plan = JobPlanner.Plan(job, [JobPod("a")], manage: true, Now);

        Assert.That(plan.ToDelete.Select(p => p.Metadata.Name), Is.EqualTo(new[] { "a" }));
        Assert.That(plan.Status!.Conditions.Single(c => c.Type == "FailureTarget").Reason, Is.EqualTo("DeadlineExceeded"));
    }

    [Test]
    public void A_suspended_job_deletes_its_active_pods_and_says_so()
    {
        var job = Job(parallelism: 2);
        job.Spec.Suspend = true;

        var plan = JobPlanner.Plan(job, [JobPod("a")], manage: true, Now);

        Assert.That(plan.ToDelete, Has.Count.EqualTo(1));
        Assert.That(plan.CreateCount, Is.Zero);
        Assert.That(plan.Status!.Conditions.Single(c => c.Type == "Suspended").Reason, Is.EqualTo("JobSuspended"));
    }

    [Test]
    public void A_finished_job_is_deleted_once_its_ttl_ran_out()
    {
        var finished = new V1JobStatus
        {
            CompletionTime = Now.AddSeconds(-30).UtcDateTime,
            Conditions = [new V1JobCondition { Type = "Complete", Status = "True" }],
        };
        var job = Job(status: finished);
        job.Spec.TtlSecondsAfterFinished = 60;
        var waiting = JobPlanner.Plan(job, [], manage: true, Now);
        Assert.That((waiting.DeleteJob, waiting.RequeueAfter), Is.EqualTo((false, (TimeSpan?)TimeSpan.FromSeconds(30))));

        job.Spec.TtlSecondsAfterFinished = 10;
        Assert.That(JobPlanner.Plan(job, [], manage: true, Now).DeleteJob, Is.True);
    }

    [Test]
    public void Without_met_expectations_only_the_status_is_computed()
    {
        var plan = JobPlanner.Plan(Job(parallelism: 2, completions: 4), [JobPod("a")], manage: false, Now);
        Assert.That((plan.CreateCount, plan.ToDelete.Count), Is.EqualTo((0, 0)));
        Assert.That(plan.Status!.Active, Is.EqualTo(1));
    }

    private static string? Condition(V1JobStatus status, string type) => status.Conditions?.FirstOrDefault(c => c.Type == type)?.Status;
}
