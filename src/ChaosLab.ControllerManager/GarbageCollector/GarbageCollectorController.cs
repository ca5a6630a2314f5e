using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.GarbageCollector;

/// <summary>
/// Deletes objects whose owners are gone, and carries out foreground and orphan deletion. The owner
/// graph is the informer caches indexed by owner uid. Work items are "Kind|namespace/name"; an item
/// is looked at when it appears with an owner not in the graph, when an owner of it disappears or
/// starts deleting, or when it is itself deleting with a GC finalizer. Absence is confirmed with a
/// live read before anything is deleted, so a lagging cache never costs a live object.
/// </summary>
internal sealed class GarbageCollectorController : IController, IDisposable
{
    private readonly ControllerContext _context;
    private readonly IReadOnlyList<IGcResource> _resources;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public GarbageCollectorController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("garbage-collector");
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _resources = GcResources.Create(context.Informers);
    }

    public string Name => "garbagecollector";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_resources.Select(r => r.WaitForSyncAsync(cancellationToken)));
        // Subscribing after the caches are full: every object is then looked at once, against a complete graph.
        foreach (var resource in _resources.Where(r => r.Watched))
        {
            resource.Subscribe((old, obj) => OnChanged(resource, old, obj), obj => OnDeleted(obj));
        }
        await QueueWorkers.RunAsync(Name, _queue, _context.Options.ConcurrentGcSyncs, SyncAsync, _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    internal async Task SyncAsync(string item, CancellationToken ct)
    {
        var (resource, ns, name) = Parse(item);
        if (resource?.Cached(ns, name) is not { } obj)
        {
            return;
        }
        if (obj.DeletionTimestamp is not null)
        {
            await ProcessDeletingOwnerAsync(resource, obj, ct);
            return;
        }
        if (obj.OwnerReferences is not { Count: > 0 } references)
        {
            return;
        }
        var owners = new List<(V1OwnerReference, OwnerState)>();
        foreach (var reference in references)
        {
            owners.Add((reference, await ClassifyAsync(reference, ns, ct)));
        }
        var dependents = AllDependentsOf(obj.Uid);
        var verdict = GarbageCollectionDecisions.ForDependent(
            obj, owners, dependents.Count > 0,
            dependents.Any(d => d.DeletionTimestamp is not null && (d.Finalizers?.Contains(Finalizers.ForegroundDeletion) ?? false)));
        if (verdict.RemoveOwnerUids.Count > 0)
        {
            _logger.LogInformation("gc: {Item}: removing references to owners {Owners} that are gone or waiting for it", item, string.Join(",", verdict.RemoveOwnerUids));
            await IgnoreNotFound(resource.PatchAsync(_context.Client, obj,
                new V1Patch(OwnerPatches.RemoveOwners(verdict.RemoveOwnerUids, obj.Uid), V1Patch.PatchType.StrategicMergePatch), ct));
        }
        if (verdict.DeletePolicy is { } policy)
        {
            if (verdict.UnblockOwnerReferences)
            {
                await IgnoreNotFound(resource.PatchAsync(_context.Client, obj,
                    new V1Patch(OwnerPatches.Unblock(references.Select(r => r.Uid), obj.Uid), V1Patch.PatchType.StrategicMergePatch), ct));
            }
            _logger.LogInformation("gc: deleting {Item} (propagation {Policy}): no owner left", item, policy);
            await IgnoreNotFound(resource.DeleteAsync(_context.Client, obj, policy, ct));
            _context.Metrics.Increment("garbagecollector_deletions_total", $"kind=\"{resource.Kind}\"");
        }
    }

    private async Task ProcessDeletingOwnerAsync(IGcResource resource, V1ObjectMeta owner, CancellationToken ct)
    {
        var verdict = GarbageCollectionDecisions.ForDeletingOwner(owner, AllDependentsOf(owner.Uid));
        foreach (var dependent in verdict.DeleteDependents)
        {
            // Their owner now waits for them: each sync finds no solid owner and deletes it.
            EnqueueMeta(dependent);
        }
        foreach (var dependent in verdict.OrphanDependents)
        {
            if (ResourceOf(dependent) is { } dependentResource)
            {
                await IgnoreNotFound(dependentResource.PatchAsync(_context.Client, dependent,
                    new V1Patch(OwnerPatches.RemoveOwners([owner.Uid], dependent.Uid), V1Patch.PatchType.StrategicMergePatch), ct));
            }
        }
        if (verdict.OrphanDependents.Count > 0)
        {
            // The patches come back as updates; look again once they have.
            _queue.AddAfter(Key(resource, owner), TimeSpan.FromMilliseconds(500));
        }
        if (verdict.RemoveFinalizer is { } finalizer)
        {
            _logger.LogInformation("gc: {Kind} {Namespace}/{Name}: dependents dealt with; removing finalizer {Finalizer}", resource.Kind, owner.NamespaceProperty, owner.Name, finalizer);
            var remaining = (owner.Finalizers ?? []).Where(f => f != finalizer);
            await IgnoreNotFound(resource.PatchAsync(_context.Client, owner,
                new V1Patch(OwnerPatches.SetFinalizers(remaining, owner.ResourceVersion), V1Patch.PatchType.MergePatch), ct));
        }
    }

    /// <summary>
    /// What became of one owner. The cache answers when it holds the owner; otherwise a live read
    /// decides (the owner may be newer than the cache). Kinds not in the table count as solid.
    /// </summary>
    private async Task<OwnerState> ClassifyAsync(V1OwnerReference reference, string? ns, CancellationToken ct)
    {
        var resource = _resources.FirstOrDefault(r => r.Kind == reference.Kind && r.Group == GcResources.GroupOf(reference.ApiVersion));
        if (resource is null)
        {
            return OwnerState.Solid;
        }
        var cached = resource.Cached(ns, reference.Name);
        if (cached is not null && cached.Uid == reference.Uid)
        {
            return GarbageCollectionDecisions.Classify(reference, cached);
        }
        return GarbageCollectionDecisions.Classify(reference, await resource.ReadAsync(_context.Client, ns, reference.Name, ct));
    }

    private List<V1ObjectMeta> AllDependentsOf(string uid) =>
        [.. _resources.SelectMany(r => r.DependentsOf(uid))];

    private void OnChanged(IGcResource resource, V1ObjectMeta? old, V1ObjectMeta obj)
    {
        var deleting = obj.DeletionTimestamp is not null;
        var finalizers = obj.Finalizers ?? [];
        if (deleting && (finalizers.Contains(Finalizers.ForegroundDeletion) || finalizers.Contains(Finalizers.Orphan)))
        {
            _queue.Add(Key(resource, obj));
            if (old?.DeletionTimestamp is null)
            {
                // Starting a foreground delete: the dependents must now go (or lose their reference).
                foreach (var dependent in AllDependentsOf(obj.Uid))
                {
                    EnqueueMeta(dependent);
                }
            }
            return;
        }
        if (obj.OwnerReferences is { Count: > 0 } references && (old is null || !ObjectJson.SemanticallyEqual(old.OwnerReferences, references)))
        {
            // Only references to owners the graph does not hold need a closer look.
            if (references.Any(r => !_resources.Any(res => res.ContainsUid(r.Uid))))
            {
                _queue.Add(Key(resource, obj));
            }
        }
    }

    /// <summary>
    /// An object is gone: everything it owned may now be garbage, and an owner waiting for it in the
    /// foreground may now be free to go.
    /// </summary>
    private void OnDeleted(V1ObjectMeta obj)
    {
        foreach (var dependent in AllDependentsOf(obj.Uid))
        {
            EnqueueMeta(dependent);
        }
        foreach (var reference in obj.OwnerReferences ?? [])
        {
            var owner = _resources
                .Where(r => r.Watched && r.Kind == reference.Kind && r.Group == GcResources.GroupOf(reference.ApiVersion))
                .Select(r => (Resource: r, Meta: r.Cached(obj.NamespaceProperty, reference.Name)))
                .FirstOrDefault(o => o.Meta?.Uid == reference.Uid && o.Meta.DeletionTimestamp is not null);
            if (owner.Meta is { } waiting)
            {
                _queue.Add(Key(owner.Resource, waiting));
            }
        }
    }

    private void EnqueueMeta(V1ObjectMeta obj)
    {
        if (ResourceOf(obj) is { } resource)
        {
            _queue.Add(Key(resource, obj));
        }
    }

    private IGcResource? ResourceOf(V1ObjectMeta obj) =>
        _resources.FirstOrDefault(r => r.Watched && r.Cached(obj.NamespaceProperty, obj.Name)?.Uid == obj.Uid);

    private static string Key(IGcResource resource, V1ObjectMeta obj) => $"{resource.Group}/{resource.Kind}|{ObjectKey.For(obj.NamespaceProperty, obj.Name)}";

    private (IGcResource? Resource, string? Namespace, string Name) Parse(string item)
    {
        var bar = item.IndexOf('|', StringComparison.Ordinal);
        var kind = item[..bar];
        var (ns, name) = ObjectKey.Split(item[(bar + 1)..]);
        return (_resources.FirstOrDefault(r => $"{r.Group}/{r.Kind}" == kind), ns, name);
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
}
