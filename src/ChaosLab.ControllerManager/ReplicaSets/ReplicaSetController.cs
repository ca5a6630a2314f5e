using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.ReplicaSets;

/// <summary>
/// Keeps each ReplicaSet's pod count at spec.replicas: informers for replicasets and pods feed a work
/// queue of ReplicaSet keys; <see cref="SyncAsync"/> applies the <see cref="ReplicaSetPlanner"/>'s plan.
/// </summary>
internal sealed partial class ReplicaSetController : IController, IDisposable
{
    private readonly ControllerContext _context;
    private readonly Informer<V1ReplicaSet, V1ReplicaSetList> _replicaSets;
    private readonly Informer<V1Pod, V1PodList> _pods;
    private readonly ControllerExpectations _expectations;
    private readonly ExpectedPodWrites _podWrites;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public ReplicaSetController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("replicaset-controller");
        _expectations = new ControllerExpectations(context.Time);
        _podWrites = new ExpectedPodWrites(context.Client, _expectations);
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _replicaSets = context.Informers.ReplicaSets();
        _pods = context.Informers.Pods();
        _replicaSets.AddEventHandler(
            onAdd: Enqueue,
            onUpdate: (_, rs) => Enqueue(rs),
            onDelete: rs =>
            {
                _expectations.Forget(ObjectKey.Of(rs));
                Enqueue(rs);
            });
        _pods.AddEventHandler(OnPodAdded, OnPodUpdated, OnPodDeleted);
    }

    public string Name => "replicaset";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_replicaSets.WaitForSyncAsync(cancellationToken), _pods.WaitForSyncAsync(cancellationToken));
        await QueueWorkers.RunAsync(Name, _queue, _context.Options.ConcurrentReplicaSetSyncs, SyncAsync, _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var rs = _replicaSets.Cache.Get(key);
        if (rs is null)
        {
            _expectations.Forget(key);
            return;
        }
        var ns = rs.Metadata.NamespaceProperty;
        var manage = _expectations.Satisfied(key);
        var plan = ReplicaSetPlanner.Plan(rs, _pods.Cache.ByIndex(InformerFactory.NamespaceIndex, ns), manage, _context.Time.GetUtcNow());
        var client = _context.Client;
        var errors = new List<Exception>();

        if (plan.ToAdopt.Count > 0 && await StillExistsAsync(rs, ct))
        {
            var owner = OwnerReferences.ControllerRef(rs.Metadata, "apps/v1", "ReplicaSet");
            foreach (var pod in plan.ToAdopt)
            {
                await TryAsync(errors, () => client.CoreV1.PatchNamespacedPodAsync(
                    new V1Patch(OwnerPatches.Adopt(owner, pod.Metadata.Uid), V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, ns, cancellationToken: ct));
            }
        }
        foreach (var pod in plan.ToRelease)
        {
            await TryAsync(errors, () => client.CoreV1.PatchNamespacedPodAsync(
                new V1Patch(OwnerPatches.RemoveOwners([rs.Metadata.Uid], pod.Metadata.Uid), V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, ns, cancellationToken: ct));
        }

        if (plan.CreateCount > 0 && plan.PodToCreate is { } template)
        {
            _expectations.Expect(key, plan.CreateCount, []);
            _logger.LogInformation("replicaset {Key}: too few replicas, creating {Count} pod(s)", key, plan.CreateCount);
            await _podWrites.CreateInBatchesAsync(key, ns, template, plan.CreateCount, errors, ct);
        }
        else if (plan.ToDelete.Count > 0)
        {
            var podKeys = plan.ToDelete.Select(ObjectKey.Of).ToList();
            _expectations.Expect(key, 0, podKeys);
            _logger.LogInformation("replicaset {Key}: too many replicas, deleting {Pods}", key, string.Join(", ", podKeys));
            await Task.WhenAll(plan.ToDelete.Select(pod => _podWrites.DeleteAsync(key, pod, errors, ct)));
        }

        if (plan.Status is { } status)
        {
            await TryAsync(errors, () => client.AppsV1.ReplaceNamespacedReplicaSetStatusAsync(rs with { Status = status }, rs.Metadata.Name, ns, cancellationToken: ct));
        }
        if (plan.RequeueAfter is { } delay)
        {
            _queue.AddAfter(key, delay);
        }
        if (errors.Count > 0)
        {
            throw new AggregateException($"replicaset {key}: {errors.Count} request(s) failed", errors);
        }
    }

    /// <summary>Adoption needs a fresh read: the cached ReplicaSet may already be deleted or replaced by a namesake.</summary>
    private async Task<bool> StillExistsAsync(V1ReplicaSet rs, CancellationToken ct)
    {
        try
        {
            var fresh = await _context.Client.AppsV1.ReadNamespacedReplicaSetAsync(rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: ct);
            return fresh.Metadata.Uid == rs.Metadata.Uid && fresh.Metadata.DeletionTimestamp is null;
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
            errors.Add(ex);
        }
    }
}
