using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.DaemonSets;

/// <summary>
/// Keeps one pod of each DaemonSet on every eligible node: daemonsets, pods, nodes and controllerrevisions
/// feed a queue of DaemonSet keys; <see cref="SyncAsync"/> records the current revision and applies the
/// <see cref="DaemonSetPlanner"/>'s plan. A node that appears, or loses a taint, gets its pod on the next sync.
/// </summary>
internal sealed class DaemonSetController : IController, IDisposable
{
    private readonly ControllerContext _context;
    private readonly Informer<V1DaemonSet, V1DaemonSetList> _daemonSets;
    private readonly Informer<V1Pod, V1PodList> _pods;
    private readonly Informer<V1Node, V1NodeList> _nodes;
    private readonly Informer<V1ControllerRevision, V1ControllerRevisionList> _revisions;
    private readonly ControllerExpectations _expectations;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public DaemonSetController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("daemonset-controller");
        _expectations = new ControllerExpectations(context.Time);
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _daemonSets = context.Informers.DaemonSets();
        _pods = context.Informers.Pods();
        _nodes = context.Informers.Nodes();
        _revisions = context.Informers.ControllerRevisions();
        _daemonSets.AddEventHandler(
            onAdd: Enqueue,
            onUpdate: (_, ds) => Enqueue(ds),
            onDelete: ds =>
            {
                _expectations.Forget(ObjectKey.Of(ds));
                Enqueue(ds);
            });
        _pods.AddEventHandler(
            onAdd: pod =>
            {
                if (Owner(pod) is { } key)
                {
                    _expectations.CreationObserved(key);
                    _queue.Add(key);
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
            },
            onDelete: pod =>
            {
                if (Owner(pod) is { } key)
                {
                    _expectations.DeletionObserved(key, ObjectKey.Of(pod));
                    _queue.Add(key);
                }
            });
        // Any node change may change where daemon pods belong (labels, taints, a node joining or leaving).
        _nodes.AddEventHandler(onAdd: _ => EnqueueAll(), onUpdate: (old, node) =>
        {
            if (!ObjectJson.SemanticallyEqual(old.Metadata.Labels, node.Metadata.Labels) || !ObjectJson.SemanticallyEqual(old.Spec?.Taints, node.Spec?.Taints))
            {
                EnqueueAll();
            }
        }, onDelete: _ => EnqueueAll());
    }

    public string Name => "daemonset";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            _daemonSets.WaitForSyncAsync(cancellationToken), _pods.WaitForSyncAsync(cancellationToken),
            _nodes.WaitForSyncAsync(cancellationToken), _revisions.WaitForSyncAsync(cancellationToken));
        await QueueWorkers.RunAsync(Name, _queue, 2, SyncAsync, _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    private void Enqueue(V1DaemonSet ds) => _queue.Add(ObjectKey.Of(ds));

    private void EnqueueAll()
    {
        foreach (var ds in _daemonSets.Cache.List())
        {
            Enqueue(ds);
        }
    }

    private string? Owner(V1Pod pod)
    {
        var controllerRef = OwnerReferences.ControllerOf(pod.Metadata);
        if (controllerRef is not { Kind: "DaemonSet" })
        {
            return null;
        }
        var ds = _daemonSets.Cache.Get(pod.Metadata.NamespaceProperty, controllerRef.Name);
        return ds?.Metadata.Uid == controllerRef.Uid ? ObjectKey.Of(ds) : null;
    }

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var ds = _daemonSets.Cache.Get(key);
        if (ds is null)
        {
            _expectations.Forget(key);
            return;
        }
        var ns = ds.Metadata.NamespaceProperty;
        var client = _context.Client;
        var hash = ControllerRevisions.Hash(ds.Spec.Template, ds.Status?.CollisionCount);
        if (ds.Metadata.DeletionTimestamp is null)
        {
            await EnsureRevisionAsync(ds, hash, ct);
        }
        var plan = DaemonSetPlanner.Plan(ds, _nodes.Cache.List(), _pods.Cache.ByIndex(InformerFactory.NamespaceIndex, ns), hash, _expectations.Satisfied(key), _context.Time.GetUtcNow());
        var errors = new List<Exception>();
        var owner = OwnerReferences.ControllerRef(ds.Metadata, "apps/v1", "DaemonSet");
        foreach (var pod in plan.ToAdopt)
        {
            await TryAsync(errors, () => client.CoreV1.PatchNamespacedPodAsync(
                new V1Patch(OwnerPatches.Adopt(owner, pod.Metadata.Uid), V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, ns, cancellationToken: ct));
        }
        foreach (var pod in plan.ToRelease)
        {
            await TryAsync(errors, () => client.CoreV1.PatchNamespacedPodAsync(
                new V1Patch(OwnerPatches.RemoveOwners([ds.Metadata.Uid], pod.Metadata.Uid), V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, ns, cancellationToken: ct));
        }
        if (plan.NodesToCreateOn.Count > 0 || plan.ToDelete.Count > 0)
        {
            _expectations.Expect(key, plan.NodesToCreateOn.Count, plan.ToDelete.Select(ObjectKey.Of));
            _logger.LogInformation("daemonset {Key}: creating pods on {Nodes}, deleting {Pods}", key,
                string.Join(", ", plan.NodesToCreateOn), string.Join(", ", plan.ToDelete.Select(p => p.Metadata.Name)));
        }
        await Task.WhenAll(plan.NodesToCreateOn.Select(async node =>
        {
            try
            {
                await client.CoreV1.CreateNamespacedPodAsync(DaemonPods.NewPod(ds, node, hash), ns, cancellationToken: ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _expectations.CreationObserved(key);
                lock (errors) errors.Add(ex);
            }
        }));
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
        if (plan.Status is { } status)
        {
            await TryAsync(errors, () => client.AppsV1.ReplaceNamespacedDaemonSetStatusAsync(ds with { Status = status }, ds.Metadata.Name, ns, cancellationToken: ct));
        }
        if (plan.RequeueAfter is { } delay)
        {
            _queue.AddAfter(key, delay);
        }
        if (errors.Count > 0)
        {
            throw new AggregateException($"daemonset {key}: {errors.Count} request(s) failed", errors);
        }
    }

    /// <summary>The revision of the current template exists and is the newest; revisions beyond the history limit that no pod uses go.</summary>
    private async Task EnsureRevisionAsync(V1DaemonSet ds, string hash, CancellationToken ct)
    {
        var ns = ds.Metadata.NamespaceProperty;
        var owned = ControllerRevisions.OwnedBy(ds.Metadata, _revisions.Cache.ByIndex(InformerFactory.NamespaceIndex, ns));
        var current = owned.FirstOrDefault(r => r.Metadata.Labels.Lookup(DaemonPods.RevisionHashLabel) == hash);
        var next = ControllerRevisions.NextNumber(owned);
        if (current is null)
        {
            var revision = ControllerRevisions.New(ds.Metadata, "apps/v1", "DaemonSet", ds.Spec.Template, hash, next, ds.Spec.Selector?.MatchLabels);
            try
            {
                await _context.Client.AppsV1.CreateNamespacedControllerRevisionAsync(revision, ns, cancellationToken: ct);
            }
            catch (Exception ex) when (ApiErrors.IsConflict(ex))
            {
                // Created by an earlier sync whose event has not arrived yet.
            }
        }
        else if (current.Revision < next - 1)
        {
            // Rolled back to an older template: its revision becomes the newest again.
            await _context.Client.AppsV1.PatchNamespacedControllerRevisionAsync(
                new V1Patch($$"""{"revision":{{next}}}""", V1Patch.PatchType.MergePatch), current.Metadata.Name, ns, cancellationToken: ct);
        }
        var limit = ds.Spec.RevisionHistoryLimit ?? 10;
        var inUse = _pods.Cache.ByIndex(InformerFactory.NamespaceIndex, ns)
            .Where(p => OwnerReferences.IsControlledBy(p.Metadata, ds.Metadata.Uid))
            .Select(p => p.Metadata.Labels.Lookup(DaemonPods.RevisionHashLabel)).ToHashSet();
        var old = owned.Where(r => r.Metadata.Labels.Lookup(DaemonPods.RevisionHashLabel) is var h && h != hash && !inUse.Contains(h)).ToList();
        foreach (var revision in old.Take(Math.Max(0, old.Count - limit)))
        {
            await TryAsync([], () => _context.Client.AppsV1.DeleteNamespacedControllerRevisionAsync(revision.Metadata.Name, ns, cancellationToken: ct));
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
