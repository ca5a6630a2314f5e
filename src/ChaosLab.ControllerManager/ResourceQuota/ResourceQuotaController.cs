using System.Text.Json;
using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.ResourceQuota;

/// <summary>
/// Keeps every ResourceQuota's status.hard equal to spec.hard and status.used equal to what its namespace holds
/// (upstream's resourcequota controller). A quota is recomputed when its spec changes, when something it counts
/// is deleted or a pod finishes (replenishment), and every --resource-quota-sync-period; the quota admission
/// charges creates in between.
/// </summary>
internal sealed class ResourceQuotaController : IController, IDisposable
{
    private static readonly Dictionary<string, string> GroupVersions = new(StringComparer.Ordinal)
    {
        ["apps"] = "v1", ["batch"] = "v1", ["policy"] = "v1", ["networking.k8s.io"] = "v1", ["autoscaling"] = "v2",
        ["rbac.authorization.k8s.io"] = "v1", ["coordination.k8s.io"] = "v1", ["discovery.k8s.io"] = "v1", ["events.k8s.io"] = "v1",
        ["storage.k8s.io"] = "v1",
    };

    private readonly ControllerContext _context;
    private readonly Informer<V1ResourceQuota, V1ResourceQuotaList> _quotas;
    private readonly Informer<V1Pod, V1PodList> _pods;
    private readonly Informer<V1Service, V1ServiceList> _services;
    private readonly Informer<V1PersistentVolumeClaim, V1PersistentVolumeClaimList> _claims;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public ResourceQuotaController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("resourcequota-controller");
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _quotas = context.Informers.ResourceQuotas();
        _pods = context.Informers.Pods();
        _services = context.Informers.Services();
        _claims = context.Informers.PersistentVolumeClaims();
        _quotas.AddEventHandler(
            onAdd: q => _queue.Add(ObjectKey.Of(q)),
            onUpdate: (old, q) =>
            {
                if (!ObjectJson.SemanticallyEqual(old.Spec, q.Spec) || !ObjectJson.SemanticallyEqual(q.Spec?.Hard, q.Status?.Hard))
                {
                    _queue.Add(ObjectKey.Of(q));
                }
            });
        _pods.AddEventHandler(
            onUpdate: (old, pod) =>
            {
                if (Client.Quota.QuotaUsage.IsCharged(old) && !Client.Quota.QuotaUsage.IsCharged(pod))
                {
                    EnqueueNamespace(pod.Metadata.NamespaceProperty);
                }
            },
            onDelete: pod => EnqueueNamespace(pod.Metadata.NamespaceProperty));
        _services.AddEventHandler(onDelete: s => EnqueueNamespace(s.Metadata.NamespaceProperty));
        _claims.AddEventHandler(
            onUpdate: (old, c) =>
            {
                if (!ObjectJson.SemanticallyEqual(old.Spec?.Resources?.Requests, c.Spec?.Resources?.Requests))
                {
                    EnqueueNamespace(c.Metadata.NamespaceProperty);
                }
            },
            onDelete: c => EnqueueNamespace(c.Metadata.NamespaceProperty));
    }

    public string Name => "resourcequota";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            _quotas.WaitForSyncAsync(cancellationToken),
            _pods.WaitForSyncAsync(cancellationToken),
            _services.WaitForSyncAsync(cancellationToken),
            _claims.WaitForSyncAsync(cancellationToken));
        await Task.WhenAll(
            ResyncAsync(cancellationToken),
            QueueWorkers.RunAsync(Name, _queue, _context.Options.ConcurrentResourceQuotaSyncs, SyncAsync, _context.Metrics, cancellationToken));
    }

    public void Dispose() => _queue.Dispose();

    internal async Task SyncAsync(string key, CancellationToken ct)
    {
        if (_quotas.Cache.Get(key) is not { } quota)
        {
            return;
        }
        var ns = quota.Metadata.NamespaceProperty;
        var measured = (quota.Spec?.Hard?.Keys ?? []).Select(QuotaResourceNames.MeasuredOn).OfType<(string Group, string Plural)>().Distinct().ToList();
        var objects = new List<(string, string, object)>();
        foreach (var (group, plural) in measured)
        {
            foreach (var item in await ListAsync(group, plural, ns, ct))
            {
                objects.Add((group, plural, item));
            }
        }
        var status = QuotaStatusCalculator.Compute(quota, objects);
        if (QuotaStatusCalculator.UpToDate(quota.Status, status))
        {
            return;
        }
        var updated = ObjectJson.Clone(quota);
        updated.Status = status;
        await _context.Client.CoreV1.ReplaceNamespacedResourceQuotaStatusAsync(updated, quota.Metadata.Name, ns, cancellationToken: ct);
    }

    private async Task<IEnumerable<object>> ListAsync(string group, string plural, string ns, CancellationToken ct)
    {
        var client = _context.Client;
        switch (group, plural)
        {
            case ("", "pods"):
                return _pods.Cache.ByIndex(InformerFactory.NamespaceIndex, ns);
            case ("", "services"):
                return _services.Cache.ByIndex(InformerFactory.NamespaceIndex, ns);
            case ("", "persistentvolumeclaims"):
                return _claims.Cache.ByIndex(InformerFactory.NamespaceIndex, ns);
            case ("", "resourcequotas"):
                return _quotas.Cache.ByIndex(InformerFactory.NamespaceIndex, ns);
            case ("", "configmaps"):
                return (await client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: ct)).Items;
            case ("", "secrets"):
                return (await client.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: ct)).Items;
            case ("", "replicationcontrollers"):
                return (await client.CoreV1.ListNamespacedReplicationControllerAsync(ns, cancellationToken: ct)).Items;
            case ("", "serviceaccounts"):
                return (await client.CoreV1.ListNamespacedServiceAccountAsync(ns, cancellationToken: ct)).Items;
            case ("", "endpoints"):
                return (await client.CoreV1.ListNamespacedEndpointsAsync(ns, cancellationToken: ct)).Items;
            case ("", _):
                return [];
            default:
                if (!GroupVersions.TryGetValue(group, out var version))
                {
                    return [];
                }
                // Counted only: the object's content does not matter for count/RESOURCE.GROUP.
                var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(group, version, ns, plural, cancellationToken: ct);
                return list.TryGetProperty("items", out var items) ? items.EnumerateArray().Select(i => (object)i).ToList() : [];
        }
    }

    private async Task ResyncAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_context.Options.ResourceQuotaSyncPeriod, _context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                foreach (var quota in _quotas.Cache.List())
                {
                    _queue.Add(ObjectKey.Of(quota));
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private void EnqueueNamespace(string ns)
    {
        foreach (var quota in _quotas.Cache.ByIndex(InformerFactory.NamespaceIndex, ns))
        {
            _queue.Add(ObjectKey.Of(quota));
        }
    }
}
