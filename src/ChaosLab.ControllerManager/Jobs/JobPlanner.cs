using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.ReplicaSets;
using k8s.Models;

namespace ChaosLab.ControllerManager.Jobs;

/// <summary>
/// The job controller's decision (upstream's syncJob with finalizer-based tracking), free of I/O: given a Job
/// and the pods of its namespace, the status to write, which finished pods to release from the tracking
/// finalizer, how many pods to create or which to delete, and whether the Job's TTL ran out.
/// <para>
/// A finished pod is counted exactly once: first its uid goes into status.uncountedTerminatedPods, then its
/// finalizer is removed, and a later sync that sees it without the finalizer (or gone) moves it into the
/// succeeded or failed counter.
/// </para>
/// </summary>
internal static class JobPlanner
{
    /// <summary>At most this many creates or deletes per sync (upstream's burst for jobs).</summary>
    public const int Burst = 500;

    public static JobPlan Plan(V1Job job, IEnumerable<V1Pod> podsInNamespace, bool manage, DateTimeOffset now)
    {
        var spec = job.Spec ?? new V1JobSpec();
        var old = job.Status ?? new V1JobStatus();
        var status = ObjectJson.Clone(old);
        var time = now.UtcDateTime;
        var claims = ControllerRefClaims.Classify<V1Pod>(
            job.Metadata, pod => LabelSelectors.Matches(spec.Selector, pod.Metadata?.Labels), podsInNamespace);
        var pods = claims.Owned.Concat(claims.ToAdopt).ToList();

        if (job.Metadata.DeletionTimestamp is not null)
        {
            // Going away: its pods must not be held by a finalizer nobody will remove later.
            return new JobPlan([], [], null, [.. pods.Where(JobPods.HasTrackingFinalizer)], 0, null, [], false, null);
        }
        if (JobConditions.IsFinished(old))
        {
            // Over: only leftover finalizers and the TTL remain to handle.
            var (deleteJob, ttlRequeue) = Ttl(job, now);
            return new JobPlan(claims.ToAdopt, claims.ToRelease, null, [.. pods.Where(JobPods.HasTrackingFinalizer)], 0, null, [], deleteJob, ttlRequeue);
        }

        var successCriteriaMet = JobConditions.IsTrue(old, JobConditions.SuccessCriteriaMet);
        var failureTarget = JobConditions.Find(old, JobConditions.FailureTarget) is { Status: "True" } target ? target : null;
        var tally = Tally(old, pods, successCriteriaMet);
        status.Succeeded = tally.Succeeded;
        status.Failed = tally.Failed;
        status.UncountedTerminatedPods = new V1UncountedTerminatedPods { Succeeded = [.. tally.UncountedSucceeded.Order()], Failed = [.. tally.UncountedFailed.Order()] };
        var totalSucceeded = tally.Succeeded + tally.UncountedSucceeded.Count;
        var totalFailed = tally.Failed + tally.UncountedFailed.Count;

        var active = pods.Where(JobPods.IsActive).ToList();
        var terminating = pods.Count(p => PodState.IsTerminating(p) && !PodState.IsTerminal(p));
        var suspended = spec.Suspend == true;
        if (suspended)
        {
            JobConditions.Set(status, JobConditions.Suspended, "True", "JobSuspended", "Job suspended", time);
        }
        else if (JobConditions.IsTrue(old, JobConditions.Suspended))
        {
            // Resumed: the deadline counts from now again, as upstream resets startTime.
            JobConditions.Set(status, JobConditions.Suspended, "False", "JobResumed", "Job resumed", time);
            status.StartTime = time;
        }
        if (!suspended && status.StartTime is null) status.StartTime = time;

        string? failureReason = failureTarget?.Reason;
        var failureMessage = failureTarget?.Message;
        if (failureTarget is null && !successCriteriaMet)
        {
            if (ExceedsBackoffLimit(spec, active, totalFailed))
            {
                (failureReason, failureMessage) = (JobConditions.BackoffLimitExceeded, "Job has reached the specified backoff limit");
            }
            else if (!suspended && PastDeadline(spec, status, now))
            {
                (failureReason, failureMessage) = (JobConditions.DeadlineExceeded, "Job was active longer than specified deadline");
            }
            if (failureReason is not null) JobConditions.Set(status, JobConditions.FailureTarget, "True", failureReason, failureMessage!, time);
        }
        if (failureReason is null && !successCriteriaMet && CompletionsReached(spec, totalSucceeded, active.Count))
        {
            JobConditions.Set(status, JobConditions.SuccessCriteriaMet, "True", JobConditions.CompletionsReached, "Reached expected number of succeeded pods", time);
            successCriteriaMet = true;
        }

        var createCount = 0;
        IReadOnlyList<V1Pod> toDelete = [];
        TimeSpan? requeue = null;
        if (failureReason is not null || successCriteriaMet || suspended)
        {
            toDelete = active;
        }
        else
        {
            var diff = active.Count - WantActive(spec, totalSucceeded, active.Count);
            if (diff > 0)
            {
                toDelete = PodDeletionRanking.PickForDeletion(active, Math.Min(diff, Burst));
            }
            else if (diff < 0)
            {
                var (failuresSinceSuccess, lastFailure) = RecentFailures(pods, now);
                var wait = JobBackoff.Remaining(failuresSinceSuccess, lastFailure, now);
                if (wait > TimeSpan.Zero) requeue = wait;
                else createCount = Math.Min(-diff, Burst);
            }
            if (!suspended && spec.ActiveDeadlineSeconds is { } seconds && status.StartTime is { } started)
            {
                requeue = Min(requeue, PodState.Utc(started).AddSeconds(seconds) - now);
            }
        }
        if (!manage)
        {
            createCount = 0;
            toDelete = [];
        }

        var activeLeft = active.Count - toDelete.Count;
        var settled = manage && activeLeft == 0 && createCount == 0 && terminating == 0 && toDelete.Count == 0 &&
                      tally.UncountedSucceeded.Count == 0 && tally.UncountedFailed.Count == 0;
        var deleteJobNow = false;
        if (settled && failureReason is not null)
        {
            JobConditions.Set(status, JobConditions.Failed, "True", failureReason, failureMessage!, time);
        }
        else if (settled && successCriteriaMet)
        {
            JobConditions.Set(status, JobConditions.Complete, "True", JobConditions.CompletionsReached, "Reached expected number of succeeded pods", time);
            status.CompletionTime = time;
        }
        if (JobConditions.IsFinished(status))
        {
            var (deleteJob, ttlRequeue) = Ttl(job with { Status = status }, now);
            deleteJobNow = deleteJob;
            requeue = Min(requeue, ttlRequeue);
        }

        status.Active = active.Count;
        status.Ready = active.Count(PodState.IsReady);
        status.Terminating = terminating;
        return new JobPlan(
            claims.ToAdopt,
            claims.ToRelease,
            ObjectJson.SemanticallyEqual(status, old) ? null : status,
            tally.FinalizersToRemove,
            createCount,
            createCount > 0 ? JobPods.NewPod(job) : null,
            toDelete,
            deleteJobNow,
            requeue);
    }

    private sealed record Counts(int Succeeded, int Failed, HashSet<string> UncountedSucceeded, HashSet<string> UncountedFailed, List<V1Pod> FinalizersToRemove);

    /// <summary>Moves released pods from uncounted into the counters, and records newly finished pods as uncounted.</summary>
    private static Counts Tally(V1JobStatus old, List<V1Pod> pods, bool successCriteriaMet)
    {
        var byUid = pods.Where(p => p.Metadata?.Uid is not null).ToDictionary(p => p.Metadata.Uid, StringComparer.Ordinal);
        var uncountedSucceeded = new HashSet<string>(old.UncountedTerminatedPods?.Succeeded ?? [], StringComparer.Ordinal);
        var uncountedFailed = new HashSet<string>(old.UncountedTerminatedPods?.Failed ?? [], StringComparer.Ordinal);
        var succeeded = old.Succeeded ?? 0;
        var failed = old.Failed ?? 0;
        succeeded += uncountedSucceeded.RemoveWhere(uid => Released(byUid, uid));
        failed += uncountedFailed.RemoveWhere(uid => Released(byUid, uid));

        var release = new List<V1Pod>();
        foreach (var pod in pods.Where(JobPods.HasTrackingFinalizer))
        {
            var uid = pod.Metadata.Uid;
            if (uncountedSucceeded.Contains(uid) || uncountedFailed.Contains(uid))
            {
                release.Add(pod);
            }
            else if (JobPods.Succeeded(pod))
            {
                uncountedSucceeded.Add(uid);
                release.Add(pod);
            }
            else if (JobPods.CountsAsFailed(pod))
            {
                // Pods deleted after the Job met its success criteria are surplus, not failures.
                if (!(successCriteriaMet && pod.Status?.Phase != "Failed")) uncountedFailed.Add(uid);
                release.Add(pod);
            }
        }
        return new Counts(succeeded, failed, uncountedSucceeded, uncountedFailed, release);
    }

    private static bool Released(Dictionary<string, V1Pod> byUid, string uid) =>
        !byUid.TryGetValue(uid, out var pod) || !JobPods.HasTrackingFinalizer(pod);

    /// <summary>
    /// Failed pods beyond backoffLimit; with restartPolicy OnFailure the kubelet restarts containers in place,
    /// and their restarts count instead.
    /// </summary>
    private static bool ExceedsBackoffLimit(V1JobSpec spec, List<V1Pod> active, int failed)
    {
        var limit = spec.BackoffLimit ?? 6;
        if (failed > limit) return true;
        if (spec.Template?.Spec?.RestartPolicy != "OnFailure") return false;
        var restarts = active.Sum(JobPods.Restarts);
        return limit == 0 ? restarts > 0 : restarts >= limit;
    }

    private static bool PastDeadline(V1JobSpec spec, V1JobStatus status, DateTimeOffset now) =>
        spec.ActiveDeadlineSeconds is { } seconds && status.StartTime is { } started && now - PodState.Utc(started) >= TimeSpan.FromSeconds(seconds);

    /// <summary>With completions, that many successes; without (a work queue), one success and nothing left running.</summary>
    private static bool CompletionsReached(V1JobSpec spec, int succeeded, int active) =>
        spec.Completions is { } completions ? succeeded >= completions : succeeded > 0 && active == 0;

    private static int WantActive(V1JobSpec spec, int succeeded, int active)
    {
        var parallelism = spec.Parallelism ?? 1;
        if (spec.Completions is not { } completions) return succeeded > 0 ? active : parallelism;
        return Math.Max(0, Math.Min(completions - succeeded, parallelism));
    }

    /// <summary>Failures since the newest success, and when the latest failure happened.</summary>
    private static (int Count, DateTimeOffset? Last) RecentFailures(List<V1Pod> pods, DateTimeOffset now)
    {
        var lastSuccess = pods.Where(JobPods.Succeeded).Select(p => JobPods.FinishedAt(p, now)).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var failures = pods.Where(JobPods.CountsAsFailed).Select(p => JobPods.FinishedAt(p, now)).Where(t => t > lastSuccess).ToList();
        return failures.Count == 0 ? (0, null) : (failures.Count, failures.Max());
    }

    /// <summary>ttlSecondsAfterFinished: delete the Job once it has been finished that long.</summary>
    private static (bool Delete, TimeSpan? RequeueAfter) Ttl(V1Job job, DateTimeOffset now)
    {
        if (job.Spec?.TtlSecondsAfterFinished is not { } ttl || job.Metadata.DeletionTimestamp is not null) return (false, null);
        var finished = job.Status?.CompletionTime ?? JobConditions.Find(job.Status, JobConditions.Failed)?.LastTransitionTime;
        if (finished is not { } at) return (false, null);
        var left = PodState.Utc(at).AddSeconds(ttl) - now;
        return left <= TimeSpan.Zero ? (true, null) : (false, left);
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b)
    {
        if (b is { } bb && bb < TimeSpan.Zero) b = TimeSpan.Zero;
        return a is null ? b : b is null ? a : a < b ? a : b;
    }
}
