using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.StatefulSets;

/// <summary>
/// Runs each StatefulSet's numbered pods: statefulsets, pods and controllerrevisions feed a queue of set keys;
/// <see cref="SyncAsync"/> records the template as a ControllerRevision, creates claims before their pods and
/// applies the <see cref="StatefulSetPlanner"/>'s plan.
/// </summary>
internal sealed class StatefulSetController : IController, IDisposable
{
    private readonly ControllerContext _context;
    private readonly Informer<V1StatefulSet, V1StatefulSetList> _sets;
    private readonly Informer<V1Pod, V1PodList> _pods;
    private readonly Informer<V1ControllerRevision, V1ControllerRevisionList> _revisions;
    private readonly ControllerExpectations _expectations;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public StatefulSetController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("statefulset-controller");
        _expectations = new ControllerExpectations(context.Time);
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _sets = context.Informers.StatefulSets();
        _pods = context.Informers.Pods();
        _revisions = context.Informers.ControllerRevisions();
        _sets.AddEventHandler(
            onAdd: Enqueue,
            onUpdate: (_, set) => Enqueue(set),
            onDelete: set =>
            {
                _expectations.Forget(ObjectKey.Of(set));
                Enqueue(set);
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
                else if (Owner(old) is { } oldKey)
                {
                    _queue.Add(oldKey);
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

    public string Name => "statefulset";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_sets.WaitForSyncAsync(cancellationToken), _pods.WaitForSyncAsync(cancellationToken), _revisions.WaitForSyncAsync(cancellationToken));
        await QueueWorkers.RunAsync(Name, _queue, 2, SyncAsync, _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    private void Enqueue(V1StatefulSet set) => _queue.Add(ObjectKey.Of(set));

    private void EnqueueMatching(V1Pod pod)
    {
        foreach (var set in _sets.Cache.ByIndex(InformerFactory.NamespaceIndex, pod.Metadata.NamespaceProperty))
        {
            if (LabelSelectors.Matches(set.Spec?.Selector, pod.Metadata.Labels))
            {
                Enqueue(set);
            }
        }
    }

    private string? Owner(V1Pod pod)
    {
        var controllerRef = OwnerReferences.ControllerOf(pod.Metadata);
        if (controllerRef is not { Kind: "StatefulSet" })
        {
            return null;
        }
        var set = _sets.Cache.Get(pod.Metadata.NamespaceProperty, controllerRef.Name);
        return set?.Metadata.Uid == controllerRef.Uid ? ObjectKey.Of(set) : null;
    }

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var set = _sets.Cache.Get(key);
        if (set is null)
        {
            _expectations.Forget(key);
            return;
        }
        var ns = set.Metadata.NamespaceProperty;
        var client = _context.Client;
        var pods = _pods.Cache.ByIndex(InformerFactory.NamespaceIndex, ns);
        var (current, update) = await RevisionsAsync(set, pods, ct);
        var plan = StatefulSetPlanner.Plan(set, pods, current, update, _expectations.Satisfied(key), _context.Time.GetUtcNow());
        var errors = new List<Exception>();
        var owner = OwnerReferences.ControllerRef(set.Metadata, "apps/v1", "StatefulSet");
        foreach (var pod in plan.ToAdopt)
        {
            await TryAsync(errors, () => client.CoreV1.PatchNamespacedPodAsync(
                new V1Patch(OwnerPatches.Adopt(owner, pod.Metadata.Uid), V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, ns, cancellationToken: ct));
        }
        foreach (var pod in plan.ToRelease)
        {
            await TryAsync(errors, () => client.CoreV1.PatchNamespacedPodAsync(
                new V1Patch(OwnerPatches.RemoveOwners([set.Metadata.Uid], pod.Metadata.Uid), V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, ns, cancellationToken: ct));
        }
        if (plan.ToCreate.Count > 0 || plan.ToDelete.Count > 0)
        {
            _expectations.Expect(key, plan.ToCreate.Count, plan.ToDelete.Select(ObjectKey.Of));
            _logger.LogInformation("statefulset {Key}: creating {Created}, deleting {Deleted}", key,
                string.Join(", ", plan.ToCreate.Select(c => c.Pod.Metadata.Name)), string.Join(", ", plan.ToDelete.Select(p => p.Metadata.Name)));
        }
        await Task.WhenAll(plan.ToCreate.Select(async c =>
        {
            try
            {
                foreach (var claim in StatefulPods.NewClaims(set, c.Ordinal))
                {
                    await CreateClaimAsync(claim, ct);
                }
                await client.CoreV1.CreateNamespacedPodAsync(c.Pod, ns, cancellationToken: ct);
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
            await TryAsync(errors, () => client.AppsV1.ReplaceNamespacedStatefulSetStatusAsync(set with { Status = status }, set.Metadata.Name, ns, cancellationToken: ct));
        }
        if (plan.RequeueAfter is { } delay)
        {
            _queue.AddAfter(key, delay);
        }
        if (errors.Count > 0)
        {
            throw new AggregateException($"statefulset {key}: {errors.Count} request(s) failed", errors);
        }
    }

    /// <summary>A claim that already exists (kept from an earlier pod of this ordinal) is reused, as upstream does.</summary>
    private async Task CreateClaimAsync(V1PersistentVolumeClaim claim, CancellationToken ct)
    {
        try
        {
            await _context.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(claim, claim.Metadata.NamespaceProperty, cancellationToken: ct);
        }
        catch (Exception ex) when (ApiErrors.IsConflict(ex))
        {
        }
    }

    /// <summary>
    /// The current revision (status.currentRevision, or the update revision for a new set) with its template,
    /// and the update revision of the template now, created if new; old unused revisions beyond the history limit go.
    /// </summary>
    private async Task<((string Name, V1PodTemplateSpec Template) Current, string Update)> RevisionsAsync(V1StatefulSet set, IReadOnlyList<V1Pod> pods, CancellationToken ct)
    {
        var ns = set.Metadata.NamespaceProperty;
        var owned = ControllerRevisions.OwnedBy(set.Metadata, _revisions.Cache.ByIndex(InformerFactory.NamespaceIndex, ns));
        var hash = ControllerRevisions.Hash(set.Spec.Template, set.Status?.CollisionCount ?? 0);
        var update = owned.FirstOrDefault(r => r.Metadata.Labels.Lookup(StatefulPods.RevisionLabel) == hash);
        var next = ControllerRevisions.NextNumber(owned);
        if (update is null && set.Metadata.DeletionTimestamp is null)
        {
            update = ControllerRevisions.New(set.Metadata, "apps/v1", "StatefulSet", set.Spec.Template, hash, next, set.Spec.Selector?.MatchLabels);
            try
            {
                await _context.Client.AppsV1.CreateNamespacedControllerRevisionAsync(update, ns, cancellationToken: ct);
            }
            catch (Exception ex) when (ApiErrors.IsConflict(ex))
            {
            }
        }
        else if (update is not null && update.Revision < next - 1)
        {
            await _context.Client.AppsV1.PatchNamespacedControllerRevisionAsync(
                new V1Patch($$"""{"revision":{{next}}}""", V1Patch.PatchType.MergePatch), update.Metadata.Name, ns, cancellationToken: ct);
        }
        var updateName = update?.Metadata.Name ?? $"{set.Metadata.Name}-{hash}";
        var current = owned.FirstOrDefault(r => r.Metadata.Name == set.Status?.CurrentRevision);
        var currentTemplate = current is null ? null : ControllerRevisions.TemplateOf(current);
        (string Name, V1PodTemplateSpec Template) result = current is null || currentTemplate is null
            ? (updateName, set.Spec.Template)
            : (current.Metadata.Name, currentTemplate);

        var inUse = pods.Where(p => OwnerReferences.IsControlledBy(p.Metadata, set.Metadata.Uid)).Select(StatefulPods.Revision).ToHashSet();
        var old = owned.Where(r => r.Metadata.Name != updateName && r.Metadata.Name != result.Name && !inUse.Contains(r.Metadata.Name)).ToList();
        foreach (var revision in old.Take(Math.Max(0, old.Count - (set.Spec.RevisionHistoryLimit ?? 10))))
        {
            await TryAsync([], () => _context.Client.AppsV1.DeleteNamespacedControllerRevisionAsync(revision.Metadata.Name, ns, cancellationToken: ct));
        }
        return (result, updateName);
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
