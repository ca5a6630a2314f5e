using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Jobs;
using k8s.Models;

namespace ChaosLab.ControllerManager.CronJobs;

/// <summary>
/// The cronjob controller's decision (upstream's syncCronJob and cleanupFinishedJobs), free of I/O: given a
/// CronJob, the Jobs it controls and the time, which finished Jobs leave the active list, whether a Job falls
/// due now and under which name, what the concurrency policy does about running ones, and which old Jobs go.
/// </summary>
internal static class CronJobPlanner
{
    public const string ScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    /// <summary>Upstream re-checks a little after the next activation, so the clock has surely passed it.</summary>
    private static readonly TimeSpan NextScheduleDelta = TimeSpan.FromMilliseconds(100);

    /// <param name="goneUids">Active Jobs confirmed deleted (not merely missing from a lagging cache).</param>
    public static CronJobPlan Plan(V1CronJob cronJob, IReadOnlyList<V1Job> ownJobs, IReadOnlySet<string> goneUids, DateTimeOffset now)
    {
        var spec = cronJob.Spec ?? new V1CronJobSpec();
        var old = cronJob.Status ?? new V1CronJobStatus();
        var status = ObjectJson.Clone(old);
        status.Active ??= [];
        var byUid = ownJobs.Where(j => j.Metadata?.Uid is not null).ToDictionary(j => j.Metadata.Uid, StringComparer.Ordinal);
        status.Active = [.. status.Active.Where(r => !goneUids.Contains(r.Uid) && !(byUid.TryGetValue(r.Uid, out var j) && JobConditions.IsFinished(j.Status)))];
        foreach (var job in ownJobs.Where(j => JobConditions.IsTrue(j.Status, JobConditions.Complete)))
        {
            if (job.Status.CompletionTime is { } done && (status.LastSuccessfulTime is not { } last || done > last))
            {
                status.LastSuccessfulTime = done;
            }
        }
        var history = HistoryToDelete(spec, ownJobs);

        CronJobPlan StatusOnly(TimeSpan? requeue, string? warning = null) =>
            new(status, !ObjectJson.SemanticallyEqual(status, old), [], null, null, history, requeue, warning);

        if (cronJob.Metadata.DeletionTimestamp is not null || spec.Suspend == true)
        {
            return StatusOnly(null);
        }
        var schedule = CronSchedule.TryParse(spec.Schedule ?? "", spec.TimeZone, out var error);
        if (schedule is null)
        {
            return StatusOnly(null, $"unparseable schedule {spec.Schedule}: {error}");
        }
        var requeue = schedule.Next(now) is { } next ? next - now + NextScheduleDelta : (TimeSpan?)null;

        var earliest = old.LastScheduleTime is { } lastScheduled ? PodState.Utc(lastScheduled) : PodState.Utc(cronJob.Metadata.CreationTimestamp ?? now.UtcDateTime);
        if (spec.StartingDeadlineSeconds is { } deadline && now.AddSeconds(-deadline) > earliest)
        {
            earliest = now.AddSeconds(-deadline);
        }
        if (schedule.MostRecent(earliest, now) is not { } due)
        {
            return StatusOnly(requeue);
        }
        if (spec.StartingDeadlineSeconds is { } seconds && due.Time.AddSeconds(seconds) < now)
        {
            return StatusOnly(requeue, $"missed starting window for {due.Time:O}");
        }
        var name = JobName(cronJob.Metadata.Name, due.Time);
        if (status.Active.Any(r => r.Name == name))
        {
            return StatusOnly(requeue);
        }
        var toReplace = new List<V1ObjectReference>();
        switch (spec.ConcurrencyPolicy)
        {
            case "Forbid" when status.Active.Count > 0:
                return StatusOnly(requeue);
            case "Replace":
                toReplace.AddRange(status.Active);
                status.Active = [];
                break;
        }
        return new CronJobPlan(status, true, toReplace, NewJob(cronJob, due.Time, schedule.Zone), due.Time, history, requeue,
            due.MissedSeveral ? "missed several start times; starting the most recent one only" : null);
    }

    /// <summary>Upstream's name of the Job scheduled at <paramref name="scheduled"/>: the CronJob's name and the time in minutes.</summary>
    public static string JobName(string cronJobName, DateTimeOffset scheduled) => $"{cronJobName}-{scheduled.ToUnixTimeSeconds() / 60}";

    /// <summary>Upstream getJobFromTemplate2: the template's labels and annotations, the scheduled time, a controller reference.</summary>
    public static V1Job NewJob(V1CronJob cronJob, DateTimeOffset scheduled, TimeZoneInfo zone)
    {
        var template = ObjectJson.Clone(cronJob.Spec?.JobTemplate ?? new V1JobTemplateSpec());
        var annotations = template.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a) : [];
        var local = TimeZoneInfo.ConvertTime(scheduled, zone);
        annotations[ScheduledTimestampAnnotation] = local.Offset == TimeSpan.Zero ? local.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) : local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = JobName(cronJob.Metadata.Name, scheduled),
                NamespaceProperty = cronJob.Metadata.NamespaceProperty,
                Labels = template.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
                Annotations = annotations,
                OwnerReferences = [OwnerReferences.ControllerRef(cronJob.Metadata, "batch/v1", "CronJob")],
            },
            Spec = template.Spec,
        };
    }

    /// <summary>Finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit, oldest first.</summary>
    private static List<V1Job> HistoryToDelete(V1CronJobSpec spec, IReadOnlyList<V1Job> jobs)
    {
        var remaining = jobs.Where(j => j.Metadata.DeletionTimestamp is null).ToList();
        return
        [
            .. Oldest(remaining.Where(j => JobConditions.IsTrue(j.Status, JobConditions.Complete)), spec.SuccessfulJobsHistoryLimit),
            .. Oldest(remaining.Where(j => JobConditions.IsTrue(j.Status, JobConditions.Failed)), spec.FailedJobsHistoryLimit),
        ];
    }

    private static IEnumerable<V1Job> Oldest(IEnumerable<V1Job> finished, int? limit)
    {
        if (limit is not { } keep) return [];
        var sorted = finished
            .OrderBy(j => j.Status?.StartTime ?? DateTime.MaxValue)
            .ThenBy(j => j.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        return sorted.Count > keep ? sorted.Take(sorted.Count - keep) : [];
    }
}
