using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.CronJobs;

/// <summary>
/// Starts each CronJob's Jobs on schedule: informers for cronjobs and jobs feed a work queue of CronJob keys;
/// <see cref="SyncAsync"/> applies the <see cref="CronJobPlanner"/>'s plan and re-queues the key for the next
/// activation (nothing else would wake the controller then).
/// </summary>
internal sealed class CronJobController : IController, IDisposable
{
    private readonly ControllerContext _context;
    private readonly Informer<V1CronJob, V1CronJobList> _cronJobs;
    private readonly Informer<V1Job, V1JobList> _jobs;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public CronJobController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("cronjob-controller");
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _cronJobs = context.Informers.CronJobs();
        _jobs = context.Informers.Jobs();
        _cronJobs.AddEventHandler(onAdd: Enqueue, onUpdate: (_, cj) => Enqueue(cj), onDelete: Enqueue);
        _jobs.AddEventHandler(onAdd: EnqueueOwner, onUpdate: (_, job) => EnqueueOwner(job), onDelete: EnqueueOwner);
    }

    public string Name => "cronjob";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_cronJobs.WaitForSyncAsync(cancellationToken), _jobs.WaitForSyncAsync(cancellationToken));
        await QueueWorkers.RunAsync(Name, _queue, _context.Options.ConcurrentCronJobSyncs, SyncAsync, _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var cronJob = _cronJobs.Cache.Get(key);
        if (cronJob is null)
        {
            return;
        }
        var ns = cronJob.Metadata.NamespaceProperty;
        var client = _context.Client;
        var jobs = _jobs.Cache.ByIndex(InformerFactory.NamespaceIndex, ns)
            .Where(j => OwnerReferences.IsControlledBy(j.Metadata, cronJob.Metadata.Uid)).ToList();
        var gone = await GoneActiveJobsAsync(cronJob, jobs, ct);
        var now = _context.Time.GetUtcNow();
        var plan = CronJobPlanner.Plan(cronJob, jobs, gone, now);
        var status = plan.Status;
        var errors = new List<Exception>();
        if (plan.Warning is { } warning)
        {
            _logger.LogWarning("cronjob {Key}: {Warning}", key, warning);
        }

        foreach (var replaced in plan.ToReplace)
        {
            _logger.LogInformation("cronjob {Key}: concurrencyPolicy Replace deletes job {Job}", key, replaced.Name);
            await TryAsync(errors, () => client.BatchV1.DeleteNamespacedJobAsync(replaced.Name, ns, new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: ct));
        }
        if (plan.JobToCreate is { } job && plan.ScheduledTime is { } scheduled)
        {
            try
            {
                var created = await client.BatchV1.CreateNamespacedJobAsync(job, ns, cancellationToken: ct);
                _logger.LogInformation("cronjob {Key}: created job {Job} for {Scheduled:O}", key, created.Metadata.Name, scheduled);
                status.Active.Add(Reference(created));
                status.LastScheduleTime = scheduled.UtcDateTime;
            }
            catch (Exception ex) when (ApiErrors.IsConflict(ex))
            {
                // Created by an earlier sync whose status write was lost: the time is taken care of.
                status.LastScheduleTime = scheduled.UtcDateTime;
            }
        }
        foreach (var old in plan.HistoryToDelete)
        {
            await TryAsync(errors, () => client.BatchV1.DeleteNamespacedJobAsync(old.Metadata.Name, ns, new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: ct));
        }
        if (plan.StatusChanged)
        {
            await client.BatchV1.ReplaceNamespacedCronJobStatusAsync(cronJob with { Status = status }, cronJob.Metadata.Name, ns, cancellationToken: ct);
        }
        if (plan.RequeueAfter is { } delay)
        {
            _queue.AddAfter(key, delay);
        }
        if (errors.Count > 0)
        {
            throw new AggregateException($"cronjob {key}: {errors.Count} request(s) failed", errors);
        }
    }

    /// <summary>Active Jobs missing from the cache are read from the API server before they are dropped: the cache may lag a create.</summary>
    private async Task<HashSet<string>> GoneActiveJobsAsync(V1CronJob cronJob, List<V1Job> jobs, CancellationToken ct)
    {
        var gone = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in cronJob.Status?.Active ?? [])
        {
            if (jobs.Any(j => j.Metadata.Uid == reference.Uid))
            {
                continue;
            }
            try
            {
                var fresh = await _context.Client.BatchV1.ReadNamespacedJobAsync(reference.Name, cronJob.Metadata.NamespaceProperty, cancellationToken: ct);
                if (fresh.Metadata.Uid != reference.Uid) gone.Add(reference.Uid);
            }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex))
            {
                gone.Add(reference.Uid);
            }
        }
        return gone;
    }

    private static V1ObjectReference Reference(V1Job job) => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Name = job.Metadata.Name,
        NamespaceProperty = job.Metadata.NamespaceProperty,
        Uid = job.Metadata.Uid,
        ResourceVersion = job.Metadata.ResourceVersion,
    };

    private void Enqueue(V1CronJob cronJob) => _queue.Add(ObjectKey.Of(cronJob));

    private void EnqueueOwner(V1Job job)
    {
        if (OwnerReferences.ControllerOf(job.Metadata) is { Kind: "CronJob" } owner)
        {
            _queue.Add(ObjectKey.For(job.Metadata.NamespaceProperty, owner.Name));
        }
    }

    private static async Task TryAsync(List<Exception> errors, Func<Task> request)
    {
        try
        {
            await request();
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !ApiErrors.IsNotFound(ex))
        {
            errors.Add(ex);
        }
    }
}
