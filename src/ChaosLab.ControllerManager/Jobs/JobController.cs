using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.Jobs;

/// <summary>
/// Runs each Job's pods to completion: informers for jobs and pods feed a work queue of Job keys;
/// <see cref="SyncAsync"/> applies the <see cref="JobPlanner"/>'s plan (status first, so a pod's finalizer is
/// only removed once its uid is recorded in the Job's status).
/// </summary>
internal sealed partial class JobController : IController, IDisposable
{
    private readonly ControllerContext _context;
    private readonly Informer<V1Job, V1JobList> _jobs;
    private readonly Informer<V1Pod, V1PodList> _pods;
    private readonly ControllerExpectations _expectations;
    private readonly ExpectedPodWrites _podWrites;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    /// <summary>Queue keys of pods to check for orphaned tracking finalizers, next to the Jobs' keys.</summary>
    private const string OrphanPodPrefix = "orphan-pod:";

    public JobController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("job-controller");
        _expectations = new ControllerExpectations(context.Time);
        _podWrites = new ExpectedPodWrites(context.Client, _expectations);
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _jobs = context.Informers.Jobs();
        _pods = context.Informers.Pods();
        _jobs.AddEventHandler(
            onAdd: Enqueue,
            onUpdate: (_, job) => Enqueue(job),
            onDelete: job =>
            {
                _expectations.Forget(ObjectKey.Of(job));
                Enqueue(job);
                EnqueueOrphanedPods(job);
            });
        _pods.AddEventHandler(OnPodAdded, OnPodUpdated, OnPodDeleted);
    }

    public string Name => "job";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_jobs.WaitForSyncAsync(cancellationToken), _pods.WaitForSyncAsync(cancellationToken));
        await QueueWorkers.RunAsync(Name, _queue, _context.Options.ConcurrentJobSyncs, SyncAsync, _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        if (key.StartsWith(OrphanPodPrefix, StringComparison.Ordinal))
        {
            await ReleaseOrphanPodAsync(key[OrphanPodPrefix.Length..], ct);
            return;
        }
        var job = _jobs.Cache.Get(key);
        if (job is null)
        {
            _expectations.Forget(key);
            return;
        }
        var ns = job.Metadata.NamespaceProperty;
        var plan = JobPlanner.Plan(job, _pods.Cache.ByIndex(InformerFactory.NamespaceIndex, ns), _expectations.Satisfied(key), _context.Time.GetUtcNow());
        var client = _context.Client;
        var errors = new List<Exception>();

        if (plan.ToAdopt.Count > 0 && await StillExistsAsync(job, ct))
        {
            var owner = OwnerReferences.ControllerRef(job.Metadata, "batch/v1", "Job");
            foreach (var pod in plan.ToAdopt)
            {
                await TryAsync(errors, () => client.CoreV1.PatchNamespacedPodAsync(
                    new V1Patch(OwnerPatches.Adopt(owner, pod.Metadata.Uid), V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, ns, cancellationToken: ct));
            }
        }
        foreach (var pod in plan.ToRelease)
        {
            await TryAsync(errors, () => client.CoreV1.PatchNamespacedPodAsync(
                new V1Patch(OwnerPatches.RemoveOwners([job.Metadata.Uid], pod.Metadata.Uid), V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, ns, cancellationToken: ct));
        }

        if (plan.Status is { } status)
        {
            // A failed status write must stop the sync: finalizers may only go once the uids are recorded.
            await client.BatchV1.ReplaceNamespacedJobStatusAsync(job with { Status = status }, job.Metadata.Name, ns, cancellationToken: ct);
            LogTransitions(key, job.Status, status);
        }
        foreach (var pod in plan.FinalizersToRemove)
        {
            await TryAsync(errors, () => RemoveTrackingFinalizerAsync(pod, ct));
        }

        if (plan.CreateCount > 0 && plan.PodToCreate is { } template)
        {
            _expectations.Expect(key, plan.CreateCount, []);
            _logger.LogInformation("job {Key}: creating {Count} pod(s)", key, plan.CreateCount);
            await _podWrites.CreateInBatchesAsync(key, ns, template, plan.CreateCount, errors, ct);
        }
        else if (plan.ToDelete.Count > 0)
        {
            var podKeys = plan.ToDelete.Select(ObjectKey.Of).ToList();
            _expectations.Expect(key, 0, podKeys);
            _logger.LogInformation("job {Key}: deleting {Pods}", key, string.Join(", ", podKeys));
            await Task.WhenAll(plan.ToDelete.Select(pod => _podWrites.DeleteAsync(key, pod, errors, ct)));
        }

        if (plan.DeleteJob)
        {
            _logger.LogInformation("job {Key}: finished longer than ttlSecondsAfterFinished ago, deleting it", key);
            await TryAsync(errors, () => client.BatchV1.DeleteNamespacedJobAsync(
                job.Metadata.Name, ns, new V1DeleteOptions { PropagationPolicy = "Foreground", Preconditions = new V1Preconditions { Uid = job.Metadata.Uid } }, cancellationToken: ct));
        }
        if (plan.RequeueAfter is { } delay)
        {
            _queue.AddAfter(key, delay);
        }
        if (errors.Count > 0)
        {
            throw new AggregateException($"job {key}: {errors.Count} request(s) failed", errors);
        }
    }

    private void LogTransitions(string key, V1JobStatus? old, V1JobStatus status)
    {
        foreach (var condition in status.Conditions ?? [])
        {
            if (condition.Status == "True" && !JobConditions.IsTrue(old, condition.Type))
            {
                _logger.LogInformation("job {Key}: {Condition} ({Reason}): {Message}", key, condition.Type, condition.Reason, condition.Message);
            }
        }
    }

    /// <summary>
    /// Upstream's orphan pod cleanup: a pod still holding the tracking finalizer whose Job is gone (deleted, or
    /// replaced by a namesake) would never be released by a Job sync.
    /// </summary>
    private async Task ReleaseOrphanPodAsync(string podKey, CancellationToken ct)
    {
        var pod = _pods.Cache.Get(podKey);
        if (pod is null || !JobPods.HasTrackingFinalizer(pod) || OwnerJob(pod) is not null)
        {
            return;
        }
        if (OwnerReferences.ControllerOf(pod.Metadata) is { Kind: "Job" } owner)
        {
            try
            {
                var fresh = await _context.Client.BatchV1.ReadNamespacedJobAsync(owner.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct);
                if (fresh.Metadata.Uid == owner.Uid) return;
            }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex))
            {
            }
        }
        _logger.LogInformation("job controller: releasing pod {Pod}, whose Job is gone", podKey);
        await RemoveTrackingFinalizerAsync(pod, ct);
    }

    /// <summary>A JSON patch that tests the finalizer's position first, so a stale cache can never remove another finalizer.</summary>
    private async Task RemoveTrackingFinalizerAsync(V1Pod pod, CancellationToken ct)
    {
        var index = pod.Metadata.Finalizers?.IndexOf(JobPods.TrackingFinalizer) ?? -1;
        if (index < 0) return;
        var patch = $$"""[{"op":"test","path":"/metadata/finalizers/{{index}}","value":"{{JobPods.TrackingFinalizer}}"},{"op":"remove","path":"/metadata/finalizers/{{index}}"}]""";
        await _context.Client.CoreV1.PatchNamespacedPodAsync(new V1Patch(patch, V1Patch.PatchType.JsonPatch), pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct);
    }

    private async Task<bool> StillExistsAsync(V1Job job, CancellationToken ct)
    {
        try
        {
            var fresh = await _context.Client.BatchV1.ReadNamespacedJobAsync(job.Metadata.Name, job.Metadata.NamespaceProperty, cancellationToken: ct);
            return fresh.Metadata.Uid == job.Metadata.Uid && fresh.Metadata.DeletionTimestamp is null;
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return false;
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
            lock (errors)
            {
                errors.Add(ex);
            }
        }
    }
}
