using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.Endpoints;

/// <summary>
/// Keeps one Endpoints object per selector Service in step with its pods. Service, pod and endpoints
/// events feed a queue of service keys; <see cref="SyncAsync"/> writes what <see cref="EndpointsBuilder"/> wants.
/// </summary>
internal sealed class EndpointsController : IController, IDisposable
{
    private readonly ControllerContext _context;
    private readonly Informer<V1Service, V1ServiceList> _services;
    private readonly Informer<V1Pod, V1PodList> _pods;
    private readonly Informer<V1Endpoints, V1EndpointsList> _endpoints;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public EndpointsController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("endpoints-controller");
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _services = context.Informers.Services();
        _pods = context.Informers.Pods();
        _endpoints = context.Informers.Endpoints();
        _services.AddEventHandler(Enqueue, (_, s) => Enqueue(s), Enqueue);
        _pods.AddEventHandler(EnqueueSelecting, OnPodUpdated, EnqueueSelecting);
        // Someone else changed or deleted an Endpoints we manage: put it back.
        _endpoints.AddEventHandler(onUpdate: (_, ep) => _queue.Add(ObjectKey.Of(ep)), onDelete: ep => _queue.Add(ObjectKey.Of(ep)));
    }

    public string Name => "endpoint";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            _services.WaitForSyncAsync(cancellationToken),
            _pods.WaitForSyncAsync(cancellationToken),
            _endpoints.WaitForSyncAsync(cancellationToken));
        await QueueWorkers.RunAsync(Name, _queue, _context.Options.ConcurrentEndpointSyncs, ControllerManagerMutants.Lagging(_context.Options, SyncAsync), _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        var (ns, name) = ObjectKey.Split(key);
        var existing = _endpoints.Cache.Get(key);
        var service = _services.Cache.Get(key);
        if (service is null)
        {
            if (existing is not null && !(ns == "default" && name == "kubernetes"))
            {
                await IgnoreNotFound(_context.Client.CoreV1.DeleteNamespacedEndpointsAsync(name, ns, cancellationToken: ct));
            }
            return;
        }
        if (!ServiceSelection.IsManaged(service))
        {
            return;
        }
        var desired = EndpointsBuilder.Build(service, _pods.Cache.ByIndex(InformerFactory.NamespaceIndex, ns!), existing);
        if (existing is null)
        {
            try
            {
                await _context.Client.CoreV1.CreateNamespacedEndpointsAsync(desired, ns, cancellationToken: ct);
            }
            catch (Exception ex) when (ApiErrors.StatusCodeOf(ex) == System.Net.HttpStatusCode.Forbidden)
            {
                // The namespace is terminating: nothing may be created in it any more.
            }
            return;
        }
        if (!EndpointsBuilder.UpToDate(existing, desired))
        {
            await _context.Client.CoreV1.ReplaceNamespacedEndpointsAsync(desired, name, ns, cancellationToken: ct);
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

    private void Enqueue(V1Service service) => _queue.Add(ObjectKey.Of(service));

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
}
