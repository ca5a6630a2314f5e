using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.Namespaces;

/// <summary>
/// Empties namespaces that are being deleted: deletes every object of every namespaced resource,
/// waits until none is left (pods take their grace period), then finalizes the namespace so the API
/// server can remove it.
/// </summary>
internal sealed class NamespaceController : IController, IDisposable
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(2);
    private static readonly V1DeleteOptions Background = new() { PropagationPolicy = "Background" };

    private readonly ControllerContext _context;
    private readonly Informer<V1Namespace, V1NamespaceList> _namespaces;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public NamespaceController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("namespace-controller");
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _namespaces = context.Informers.Namespaces();
        _namespaces.AddEventHandler(Enqueue, (_, ns) => Enqueue(ns));
    }

    public string Name => "namespace";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _namespaces.WaitForSyncAsync(cancellationToken);
        await Task.WhenAll(
            QueueWorkers.RunAsync(Name, _queue, _context.Options.ConcurrentNamespaceSyncs, SyncAsync, _context.Metrics, cancellationToken),
            ResyncAsync(cancellationToken));
    }

    public void Dispose() => _queue.Dispose();

    internal async Task SyncAsync(string name, CancellationToken ct)
    {
        var ns = _namespaces.Cache.Get(name);
        if (ns is null || !NamespaceDeletionPlanner.NeedsCleanup(ns))
        {
            return;
        }
        var remaining = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var resource in NamespacedResource.All)
        {
            remaining[resource.Name] = await DeleteContentAsync(resource, name, ct);
        }
        var plan = NamespaceDeletionPlanner.Plan(ns, remaining);
        if (plan.Finalize is { } finalized)
        {
            _logger.LogInformation("namespace {Namespace}: empty; finalizing", name);
            try
            {
                await _context.Client.CoreV1.ReplaceNamespaceFinalizeAsync(finalized, name, cancellationToken: ct);
            }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex))
            {
            }
            return;
        }
        var condition = NamespaceDeletionPlanner.ContentRemainingCondition(plan.Remaining, _context.Time.GetUtcNow());
        if (!NamespaceDeletionPlanner.HasCondition(ns, condition))
        {
            _logger.LogInformation("namespace {Namespace}: waiting for {Remaining}", name, condition.Message);
            await IgnoreConflict(_context.Client.CoreV1.ReplaceNamespaceStatusAsync(NamespaceDeletionPlanner.WithCondition(ns, condition), name, cancellationToken: ct));
        }
        _queue.AddAfter(name, Recheck);
    }

    /// <summary>Deletes what is not yet being deleted and returns how many objects are still there.</summary>
    private async Task<int> DeleteContentAsync(NamespacedResource resource, string ns, CancellationToken ct)
    {
        IReadOnlyList<V1ObjectMeta> objects;
        try
        {
            objects = await resource.List(_context.Client, ns, ct);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            // Not served by this API server: nothing of it can be in the namespace.
            return 0;
        }
        var deletes = NamespaceDeletionPlanner.ToDelete(objects).ToList();
        var gone = 0;
        foreach (var obj in deletes)
        {
            try
            {
                await resource.Delete(_context.Client, ns, obj.Name, Background, ct);
            }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex))
            {
                gone++;
            }
        }
        if (deletes.Count == 0 || objects.Count == 0)
        {
            return objects.Count - gone;
        }
        // Most objects vanish at once; pods and objects with finalizers linger. Count what is left.
        return (await resource.List(_context.Client, ns, ct)).Count;
    }

    private static async Task IgnoreConflict(Task request)
    {
        try
        {
            await request;
        }
        catch (Exception ex) when (ApiErrors.IsConflict(ex) || ApiErrors.IsNotFound(ex))
        {
        }
    }

    private void Enqueue(V1Namespace ns)
    {
        if (ns.Metadata.DeletionTimestamp is not null)
        {
            _queue.Add(ns.Metadata.Name);
        }
    }

    /// <summary>Every --namespace-sync-period, look at all terminating namespaces again in case one stalled.</summary>
    private async Task ResyncAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_context.Options.NamespaceSyncPeriod, _context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                foreach (var ns in _namespaces.Cache.List())
                {
                    Enqueue(ns);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
