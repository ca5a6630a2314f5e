using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.RootCaCertPublisher;

/// <summary>
/// Publishes the cluster CA into every namespace as the <see cref="RootCaConfigMap"/>, so pods can verify
/// the API server at kubernetes.default.svc; recreates it when deleted and rewrites it when changed.
/// Namespace adds and updates and changes to that ConfigMap feed a queue of namespace names.
/// </summary>
internal sealed class RootCaCertPublisherController : IController, IDisposable
{
    private readonly ControllerContext _context;
    private readonly string _caPem;
    private readonly Informer<V1Namespace, V1NamespaceList> _namespaces;
    private readonly Informer<V1ConfigMap, V1ConfigMapList> _configMaps;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public RootCaCertPublisherController(ControllerContext context, string caPem)
    {
        _context = context;
        _caPem = caPem;
        _logger = context.Loggers.CreateLogger("root-ca-cert-publisher");
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _namespaces = context.Informers.Namespaces();
        // Only the one ConfigMap name matters; the field selector keeps every other ConfigMap out of the cache.
        _configMaps = context.Informers.ConfigMaps(RootCaConfigMap.Name);
        _namespaces.AddEventHandler(ns => _queue.Add(ns.Metadata.Name), OnNamespaceUpdated);
        _configMaps.AddEventHandler(onUpdate: (_, cm) => _queue.Add(cm.Metadata.NamespaceProperty), onDelete: cm => _queue.Add(cm.Metadata.NamespaceProperty));
    }

    public string Name => "root-ca-cert-publisher";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            _namespaces.WaitForSyncAsync(cancellationToken),
            _configMaps.WaitForSyncAsync(cancellationToken));
        await QueueWorkers.RunAsync(Name, _queue, 1, SyncAsync, _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    internal async Task SyncAsync(string ns, CancellationToken ct)
    {
        if (_namespaces.Cache.Get(ns) is not { } namespaceObject || !NamespaceLifecycle.IsActive(namespaceObject))
        {
            return;
        }
        if (_configMaps.Cache.Get(ns, RootCaConfigMap.Name) is not { } existing)
        {
            try
            {
                await _context.Client.CoreV1.CreateNamespacedConfigMapAsync(RootCaConfigMap.New(ns, _caPem), ns, cancellationToken: ct);
            }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex) || ApiErrors.IsNamespaceTerminating(ex))
            {
                // The namespace is gone or going: nothing may be created in it any more.
            }
            return;
        }
        if (RootCaConfigMap.Repaired(existing, _caPem) is { } repaired)
        {
            _logger.LogInformation("namespace {Namespace}: restoring {ConfigMap}", ns, RootCaConfigMap.Name);
            await _context.Client.CoreV1.ReplaceNamespacedConfigMapAsync(repaired, RootCaConfigMap.Name, ns, cancellationToken: ct);
        }
    }

    private void OnNamespaceUpdated(V1Namespace old, V1Namespace ns)
    {
        if (NamespaceLifecycle.IsActive(ns))
        {
            _queue.Add(ns.Metadata.Name);
        }
    }
}
