using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Hosting;
using ChaosLab.ControllerManager.ReplicaSets;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.ReplicationControllers;

/// <summary>
/// Keeps each ReplicationController's pod count at spec.replicas with the ReplicaSet controller's planner,
/// through <see cref="ReplicaSetView"/>: same ranking of pods to delete, same adoption, same status counts.
/// </summary>
internal sealed class ReplicationControllerController : IController, IDisposable
{
    private readonly ControllerContext _context;
    private readonly Informer<V1ReplicationController, V1ReplicationControllerList> _controllers;
    private readonly Informer<V1Pod, V1PodList> _pods;
    private readonly ControllerExpectations _expectations;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public ReplicationControllerController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("replicationcontroller-controller");
        _expectations = new ControllerExpectations(context.Time);
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _controllers = context.Informers.ReplicationControllers();
        _pods = context.Informers.Pods();
        _controllers.AddEventHandler(
            onAdd: Enqueue,
            onUpdate: (_, rc) => Enqueue(rc),
            onDelete: rc =>
            {
                _expectations.Forget(ObjectKey.Of(rc));
                Enqueue(rc);
            });
        _pods.AddEventHandler(
            onAdd: pod =>
            {
                if (Owner(pod) is { } key)
                {
                    _expectations.CreationObserved(key);
                    _queue.Add(key);
                }
                else
                {
                    EnqueueMatching(pod);
                }
            },
            onUpdate: (old, pod) =>
            {
                if (Owner(pod) is { } key)
                {
                    if (pod.Metadata.DeletionTimestamp is not null && old.Metadata.DeletionTimestamp is null)
                    {
                        _expectations.DeletionObserved(key, ObjectKey.Of(pod));
                    }
                    _queue.Add(key);
                }
                else
                {
                    if (Owner(old) is { } oldKey) _queue.Add(oldKey);
                    EnqueueMatching(pod);
                }
            },
            onDelete: pod =>
            {
                if (Owner(pod) is { } key)
                {
                    _expectations.DeletionObserved(key, ObjectKey.Of(pod));
                    _queue.Add(key);
                }
            });
    }

    public string Name => "replicationcontroller";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_controllers.WaitForSyncAsync(cancellationToken), _pods.WaitForSyncAsync(cancellationToken));
        await QueueWorkers.RunAsync(Name, _queue, _context.Options.ConcurrentReplicaSetSyncs, SyncAsync, _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    private void Enqueue(V1ReplicationController rc) => _queue.Add(ObjectKey.Of(rc));

    private void EnqueueMatching(V1Pod pod)
    {
        foreach (var rc in _controllers.Cache.ByIndex(InformerFactory.NamespaceIndex, pod.Metadata.NamespaceProperty))
        {
            if (rc.Spec?.Selector is { Count: > 0 } selector && LabelSelectors.MatchesSet(selector, pod.Metadata.Labels))
            {
                Enqueue(rc);
            }
        }
    }

    private string? Owner(V1Pod pod)
    {
        var controllerRef = OwnerReferences.ControllerOf(pod.Metadata);
        if (controllerRef is not { Kind: "ReplicationController" })
        {
            return null;
        }
        var rc = _controllers.Cache.Get(pod.Metadata.NamespaceProperty, controllerRef.Name);
        return rc?.Metadata.Uid == controllerRef.Uid ? ObjectKey.Of(rc) : null;
    }

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var rc = _controllers.Cache.Get(key);
        if (rc is null)
        {
            _expectations.Forget(key);
            return;
        }
        var ns = rc.Metadata.NamespaceProperty;
        var client = _context.Client;
        var plan = ReplicaSetPlanner.Plan(ReplicaSetView.Of(rc), _pods.Cache.ByIndex(InformerFactory.NamespaceIndex, ns), _expectations.Satisfied(key), _context.Time.GetUtcNow());
        var errors = new List<Exception>();
        var owner = OwnerReferences.ControllerRef(rc.Metadata, "v1", "ReplicationController");
        foreach (var pod in plan.ToAdopt)
        {
            await TryAsync(errors, () => client.CoreV1.PatchNamespacedPodAsync(
                new V1Patch(OwnerPatches.Adopt(owner, pod.Metadata.Uid), V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, ns, cancellationToken: ct));
        }
        foreach (var pod in plan.ToRelease)
        {
            await TryAsync(errors, () => client.CoreV1.PatchNamespacedPodAsync(
                new V1Patch(OwnerPatches.RemoveOwners([rc.Metadata.Uid], pod.Metadata.Uid), V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, ns, cancellationToken: ct));
        }
        if (plan.CreateCount > 0 && plan.PodToCreate is { } template)
        {
            _expectations.Expect(key, plan.CreateCount, []);
            _logger.LogInformation("replicationcontroller {Key}: too few replicas, creating {Count} pod(s)", key, plan.CreateCount);
            var pod = ReplicaSetView.OwnedByController(template, rc);
            await Task.WhenAll(Enumerable.Range(0, plan.CreateCount).Select(async _ =>
            {
                try
                {
                    await client.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _expectations.CreationObserved(key);
                    lock (errors) errors.Add(ex);
                }
            }));
        }
        else if (plan.ToDelete.Count > 0)
        {
            _expectations.Expect(key, 0, plan.ToDelete.Select(ObjectKey.Of));
            _logger.LogInformation("replicationcontroller {Key}: too many replicas, deleting {Pods}", key, string.Join(", ", plan.ToDelete.Select(p => p.Metadata.Name)));
            await Task.WhenAll(plan.ToDelete.Select(async pod =>
            {
                try
                {
                    await client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, ns, cancellationToken: ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _expectations.DeletionObserved(key, ObjectKey.Of(pod));
                    if (!ApiErrors.IsNotFound(ex)) lock (errors) errors.Add(ex);
                }
            }));
        }
        if (plan.Status is { } status)
        {
            await TryAsync(errors, () => client.CoreV1.ReplaceNamespacedReplicationControllerStatusAsync(
                rc with { Status = ReplicaSetView.StatusOf(status, rc) }, rc.Metadata.Name, ns, cancellationToken: ct));
        }
        if (plan.RequeueAfter is { } delay)
        {
            _queue.AddAfter(key, delay);
        }
        if (errors.Count > 0)
        {
            throw new AggregateException($"replicationcontroller {key}: {errors.Count} request(s) failed", errors);
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
