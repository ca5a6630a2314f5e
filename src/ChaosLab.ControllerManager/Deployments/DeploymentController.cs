using System.Text.Json.Nodes;
using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.Deployments;

/// <summary>
/// Rolls deployments out through ReplicaSets: informers for deployments, replicasets and pods feed a
/// queue of deployment keys; <see cref="SyncAsync"/> applies the <see cref="DeploymentPlanner"/>'s plan.
/// </summary>
internal sealed class DeploymentController : IController, IDisposable
{
    private readonly ControllerContext _context;
    private readonly Informer<V1Deployment, V1DeploymentList> _deployments;
    private readonly Informer<V1ReplicaSet, V1ReplicaSetList> _replicaSets;
    private readonly Informer<V1Pod, V1PodList> _pods;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public DeploymentController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("deployment-controller");
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _deployments = context.Informers.Deployments();
        _replicaSets = context.Informers.ReplicaSets();
        _pods = context.Informers.Pods();
        _deployments.AddEventHandler(Enqueue, (_, d) => Enqueue(d), Enqueue);
        _replicaSets.AddEventHandler(OnReplicaSetChanged, OnReplicaSetUpdated, OnReplicaSetChanged);
        _pods.AddEventHandler(onDelete: OnPodDeleted);
    }

    public string Name => "deployment";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            _deployments.WaitForSyncAsync(cancellationToken),
            _replicaSets.WaitForSyncAsync(cancellationToken),
            _pods.WaitForSyncAsync(cancellationToken));
        await QueueWorkers.RunAsync(Name, _queue, _context.Options.ConcurrentDeploymentSyncs, SyncAsync, _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var d = _deployments.Cache.Get(key);
        if (d is null)
        {
            return;
        }
        var ns = d.Metadata.NamespaceProperty;
        var name = d.Metadata.Name;
        var apps = _context.Client.AppsV1;
        var pods = RolloutMath.IsRollingUpdate(d) ? [] : _pods.Cache.ByIndex(InformerFactory.NamespaceIndex, ns);
        var plan = DeploymentPlanner.Plan(d, _replicaSets.Cache.ByIndex(InformerFactory.NamespaceIndex, ns), pods, _context.Time.GetUtcNow());

        if (plan.ToAdopt.Count > 0 && await StillExistsAsync(d, ct))
        {
            var owner = OwnerReferences.ControllerRef(d.Metadata, "apps/v1", "Deployment");
            foreach (var rs in plan.ToAdopt)
            {
                await IgnoreNotFound(apps.PatchNamespacedReplicaSetAsync(
                    new V1Patch(OwnerPatches.Adopt(owner, rs.Metadata.Uid), V1Patch.PatchType.StrategicMergePatch), rs.Metadata.Name, ns, cancellationToken: ct));
            }
        }
        foreach (var rs in plan.ToRelease)
        {
            await IgnoreNotFound(apps.PatchNamespacedReplicaSetAsync(
                new V1Patch(OwnerPatches.RemoveOwners([d.Metadata.Uid], rs.Metadata.Uid), V1Patch.PatchType.StrategicMergePatch), rs.Metadata.Name, ns, cancellationToken: ct));
        }
        if (plan.Create is { } created && !await CreateReplicaSetAsync(d, created, ct))
        {
            return;
        }
        foreach (var rs in plan.Updates)
        {
            _logger.LogInformation("deployment {Key}: replicaset {Name} to {Replicas} replica(s)", key, rs.Metadata.Name, rs.Spec.Replicas);
            await apps.ReplaceNamespacedReplicaSetAsync(rs, rs.Metadata.Name, ns, cancellationToken: ct);
        }
        foreach (var rs in plan.Deletes)
        {
            _logger.LogInformation("deployment {Key}: deleting old replicaset {Name} beyond the revision history limit", key, rs.Metadata.Name);
            await IgnoreNotFound(apps.DeleteNamespacedReplicaSetAsync(rs.Metadata.Name, ns, cancellationToken: ct));
        }
        if (plan.Status is not null || plan.Revision is not null)
        {
            // As upstream, the revision annotation goes through the status subresource, which keeps annotations but
            // never counts as a change of the Deployment: a new Deployment stays at generation 1.
            var updated = d with { Status = plan.Status ?? d.Status };
            if (plan.Revision is { } revision)
            {
                var metadata = ObjectJson.Clone(d.Metadata);
                metadata.Annotations = new Dictionary<string, string>(metadata.Annotations ?? new Dictionary<string, string>())
                {
                    [DeploymentAnnotations.Revision] = revision,
                };
                updated = updated with { Metadata = metadata };
            }
            await IgnoreNotFound(apps.ReplaceNamespacedDeploymentStatusAsync(updated, name, ns, cancellationToken: ct));
        }
        if (plan.RequeueAfter is { } delay)
        {
            _queue.AddAfter(key, delay);
        }
    }

    /// <summary>
    /// Creates the new ReplicaSet. A namesake we already control is fine (an earlier create whose answer
    /// was lost); anyone else's is a hash collision: bump status.collisionCount so the next hash differs.
    /// </summary>
    private async Task<bool> CreateReplicaSetAsync(V1Deployment d, V1ReplicaSet rs, CancellationToken ct)
    {
        var ns = d.Metadata.NamespaceProperty;
        try
        {
            _logger.LogInformation("deployment {Namespace}/{Name}: creating replicaset {ReplicaSet} with {Replicas} replica(s)",
                ns, d.Metadata.Name, rs.Metadata.Name, rs.Spec.Replicas);
            await _context.Client.AppsV1.CreateNamespacedReplicaSetAsync(rs, ns, cancellationToken: ct);
            return true;
        }
        catch (Exception ex) when (ApiErrors.IsConflict(ex))
        {
            var existing = await _context.Client.AppsV1.ReadNamespacedReplicaSetAsync(rs.Metadata.Name, ns, cancellationToken: ct);
            if (OwnerReferences.IsControlledBy(existing.Metadata, d.Metadata.Uid))
            {
                return true;
            }
            var status = ObjectJson.Clone(d.Status ?? new V1DeploymentStatus());
            status.CollisionCount = (status.CollisionCount ?? 0) + 1;
            _logger.LogWarning("deployment {Namespace}/{Name}: replicaset {ReplicaSet} belongs to someone else; collision count now {Count}",
                ns, d.Metadata.Name, rs.Metadata.Name, status.CollisionCount);
            await _context.Client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(d with { Status = status }, d.Metadata.Name, ns, cancellationToken: ct);
            return false;
        }
    }

    private async Task<bool> StillExistsAsync(V1Deployment d, CancellationToken ct)
    {
        try
        {
            var fresh = await _context.Client.AppsV1.ReadNamespacedDeploymentAsync(d.Metadata.Name, d.Metadata.NamespaceProperty, cancellationToken: ct);
            return fresh.Metadata.Uid == d.Metadata.Uid && fresh.Metadata.DeletionTimestamp is null;
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return false;
        }
    }

    private static async Task IgnoreNotFound(Task request)
    {
        try
        {
            await request;
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
        }
    }

    private void Enqueue(V1Deployment d) => _queue.Add(ObjectKey.Of(d));

    private void OnReplicaSetChanged(V1ReplicaSet rs)
    {
        if (OwnerDeployment(rs) is { } key)
        {
            _queue.Add(key);
            return;
        }
        EnqueueMatchingDeployments(rs);
    }

    private void OnReplicaSetUpdated(V1ReplicaSet old, V1ReplicaSet rs)
    {
        if (old.Metadata.ResourceVersion == rs.Metadata.ResourceVersion)
        {
            return;
        }
        if (OwnerDeployment(old) is { } oldOwner && oldOwner != OwnerDeployment(rs))
        {
            _queue.Add(oldOwner);
        }
        OnReplicaSetChanged(rs);
    }

    /// <summary>Recreate waits for old pods to be gone: their deletion may be what it waits for.</summary>
    private void OnPodDeleted(V1Pod pod)
    {
        var rsRef = OwnerReferences.ControllerOf(pod.Metadata);
        if (rsRef is not { Kind: "ReplicaSet" })
        {
            return;
        }
        var rs = _replicaSets.Cache.Get(pod.Metadata.NamespaceProperty, rsRef.Name);
        if (rs is not null && OwnerDeployment(rs) is { } key && _deployments.Cache.Get(key) is { } d && !RolloutMath.IsRollingUpdate(d))
        {
            _queue.Add(key);
        }
    }

    private string? OwnerDeployment(V1ReplicaSet rs)
    {
        var controllerRef = OwnerReferences.ControllerOf(rs.Metadata);
        if (controllerRef is not { Kind: "Deployment" })
        {
            return null;
        }
        var d = _deployments.Cache.Get(rs.Metadata.NamespaceProperty, controllerRef.Name);
        return d?.Metadata.Uid == controllerRef.Uid ? ObjectKey.Of(d) : null;
    }

    private void EnqueueMatchingDeployments(V1ReplicaSet rs)
    {
        if (OwnerReferences.ControllerOf(rs.Metadata) is not null)
        {
            return;
        }
        foreach (var d in _deployments.Cache.ByIndex(InformerFactory.NamespaceIndex, rs.Metadata.NamespaceProperty))
        {
            if (LabelSelectors.Matches(d.Spec?.Selector, rs.Metadata.Labels))
            {
                Enqueue(d);
            }
        }
    }
}
