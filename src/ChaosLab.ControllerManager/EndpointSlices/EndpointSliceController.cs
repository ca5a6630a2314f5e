using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.EndpointSlices;

/// <summary>
/// Keeps the EndpointSlices of every selector Service in step with its pods (what kube-proxy reads).
/// Service, pod, node and slice events feed a queue of service keys; <see cref="SyncAsync"/> applies
/// the <see cref="EndpointSliceReconciler"/>'s plan.
/// </summary>
internal sealed class EndpointSliceController : IController, IDisposable
{
    private const string ZoneLabel = "topology.kubernetes.io/zone";

    private readonly ControllerContext _context;
    private readonly Informer<V1Service, V1ServiceList> _services;
    private readonly Informer<V1Pod, V1PodList> _pods;
    private readonly Informer<V1EndpointSlice, V1EndpointSliceList> _slices;
    private readonly Informer<V1Node, V1NodeList> _nodes;
    private readonly EndpointSliceTracker _tracker;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public EndpointSliceController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("endpointslice-controller");
        _tracker = new EndpointSliceTracker(context.Time);
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _services = context.Informers.Services();
        _pods = context.Informers.Pods();
        _slices = context.Informers.EndpointSlices();
        _nodes = context.Informers.Nodes();
        _services.AddEventHandler(Enqueue, (_, s) => Enqueue(s), Enqueue);
        _pods.AddEventHandler(EnqueueSelecting, OnPodUpdated, EnqueueSelecting);
        _slices.AddEventHandler(EnqueueOwner, (_, s) => EnqueueOwner(s), EnqueueOwner);
        _nodes.AddEventHandler(onUpdate: OnNodeUpdated);
    }

    public string Name => "endpointslice";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            _services.WaitForSyncAsync(cancellationToken),
            _pods.WaitForSyncAsync(cancellationToken),
            _slices.WaitForSyncAsync(cancellationToken),
            _nodes.WaitForSyncAsync(cancellationToken));
        await QueueWorkers.RunAsync(Name, _queue, _context.Options.ConcurrentServiceEndpointSyncs, ControllerManagerMutants.Lagging(_context.Options, SyncAsync), _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var (ns, name) = ObjectKey.Split(key);
        var slices = _slices.Cache.ByIndex(InformerFactory.NamespaceIndex, ns!)
            .Where(s => s.Metadata.Labels?.TryGetValue(EndpointSliceLabels.ServiceName, out var svc) == true && svc == name)
            .ToList();
        if (_tracker.IsStale(key, slices))
        {
            // Our own last writes are not in the cache yet; the slice events will bring us back.
            _queue.AddAfter(key, TimeSpan.FromMilliseconds(200));
            return;
        }
        var service = _services.Cache.Get(key);
        if (service is null || !ServiceSelection.IsManaged(service))
        {
            // Owner references let the garbage collector do this too; doing it here does not depend on it.
            foreach (var slice in slices.Where(s => s.Metadata.Labels?.Lookup(EndpointSliceLabels.ManagedBy) == EndpointSliceLabels.ControllerName))
            {
                await DeleteAsync(key, slice, ct);
            }
            if (service is null)
            {
                _tracker.Forget(key);
            }
            return;
        }
        var plan = EndpointSliceReconciler.Plan(
            service, _pods.Cache.ByIndex(InformerFactory.NamespaceIndex, ns!), slices, _context.Options.MaxEndpointsPerSlice, ZoneOf);
        var discovery = _context.Client.DiscoveryV1;
        foreach (var slice in plan.Creates)
        {
            try
            {
                _tracker.Written(key, await discovery.CreateNamespacedEndpointSliceAsync(slice, ns, cancellationToken: ct));
            }
            catch (Exception ex) when (ApiErrors.StatusCodeOf(ex) == System.Net.HttpStatusCode.Forbidden)
            {
                // The namespace is terminating.
                return;
            }
        }
        foreach (var slice in plan.Updates)
        {
            _tracker.Written(key, await discovery.ReplaceNamespacedEndpointSliceAsync(slice, slice.Metadata.Name, ns, cancellationToken: ct));
        }
        foreach (var slice in plan.Deletes)
        {
            await DeleteAsync(key, slice, ct);
        }
        if (!plan.IsEmpty)
        {
            _logger.LogDebug("service {Key}: endpointslices +{Created} ~{Updated} -{Deleted}", key, plan.Creates.Count, plan.Updates.Count, plan.Deletes.Count);
        }
    }

    private async Task DeleteAsync(string key, V1EndpointSlice slice, CancellationToken ct)
    {
        try
        {
            await _context.Client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(slice.Metadata.Name, slice.Metadata.NamespaceProperty, cancellationToken: ct);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
        }
        _tracker.Deleted(key, slice);
    }

    private string? ZoneOf(string nodeName) =>
        _nodes.Cache.Get(nodeName)?.Metadata.Labels?.Lookup(ZoneLabel);

    private void Enqueue(V1Service service) => _queue.Add(ObjectKey.Of(service));

    private void EnqueueOwner(V1EndpointSlice slice)
    {
        if (slice.Metadata.Labels?.Lookup(EndpointSliceLabels.ServiceName) is { Length: > 0 } service)
        {
            _queue.Add(ObjectKey.For(slice.Metadata.NamespaceProperty, service));
        }
    }

    private void OnPodUpdated(V1Pod old, V1Pod pod)
    {
        if (old.Metadata.ResourceVersion == pod.Metadata.ResourceVersion || !PodChangeRelevance.AffectsEndpoints(old, pod))
        {
            return;
        }
        EnqueueSelecting(pod);
        if (!ObjectJson.SemanticallyEqual(old.Metadata.Labels, pod.Metadata.Labels))
        {
            EnqueueSelecting(old);
        }
    }

    private void EnqueueSelecting(V1Pod pod)
    {
        foreach (var service in _services.Cache.ByIndex(InformerFactory.NamespaceIndex, pod.Metadata.NamespaceProperty))
        {
            if (ServiceSelection.Selects(service, pod))
            {
                Enqueue(service);
            }
        }
    }

    /// <summary>A node's zone label is copied into its endpoints: when it changes, the services of its pods resync.</summary>
    private void OnNodeUpdated(V1Node old, V1Node node)
    {
        if (old.Metadata.Labels?.Lookup(ZoneLabel) == node.Metadata.Labels?.Lookup(ZoneLabel))
        {
            return;
        }
        foreach (var pod in _pods.Cache.ByIndex(InformerFactory.PodNodeNameIndex, node.Metadata.Name))
        {
            EnqueueSelecting(pod);
        }
    }
}
