using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChaosLab.Client.Informers;

/// <summary>
/// Shared informers for the resources the control plane watches, built on <see cref="IKubernetes"/>
/// (client-go's SharedInformerFactory): asking twice for the same informer returns the same instance,
/// so components that share a factory share one watch per resource. <see cref="Start"/> runs the
/// informers created so far.
/// </summary>
public sealed class InformerFactory
{
    /// <summary>Index name under which <see cref="Pods"/> informers index pods by spec.nodeName.</summary>
    public const string PodNodeNameIndex = "spec.nodeName";

    /// <summary>Index name under which every informer from this factory indexes by namespace.</summary>
    public const string NamespaceIndex = "namespace";

    private readonly IKubernetes _client;
    private readonly TimeSpan _defaultResync;
    private readonly InformerOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ConcurrentDictionary<string, IInformer> _informers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    public InformerFactory(IKubernetes client, TimeSpan defaultResync, InformerOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _defaultResync = defaultResync;
        _options = options ?? InformerOptions.Default;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <summary>All pods, or only those bound to <paramref name="nodeName"/> (field selector spec.nodeName, as a kubelet watches).</summary>
    public Informer<V1Pod, V1PodList> Pods(string? nodeName = null)
    {
        var fieldSelector = nodeName is null ? null : $"spec.nodeName={nodeName}";
        var name = nodeName is null ? "pods" : $"pods({fieldSelector})";
        return GetOrCreate(
            name,
            (rv, next, ct) => _client.CoreV1.ListPodForAllNamespacesAsync(
                fieldSelector: fieldSelector, limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
            (rv, ct) => _client.CoreV1.WatchListPodForAllNamespacesAsync(
                allowWatchBookmarks: true, fieldSelector: fieldSelector, resourceVersion: rv,
                timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct),
            cache => cache.AddIndex(PodNodeNameIndex, pod => pod.Spec?.NodeName is { Length: > 0 } node ? node : null));
    }

    public Informer<V1Node, V1NodeList> Nodes() => GetOrCreate<V1Node, V1NodeList>(
        "nodes",
        (rv, next, ct) => _client.CoreV1.ListNodeAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.CoreV1.WatchListNodeAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1Service, V1ServiceList> Services() => GetOrCreate<V1Service, V1ServiceList>(
        "services",
        (rv, next, ct) => _client.CoreV1.ListServiceForAllNamespacesAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.CoreV1.WatchListServiceForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1Endpoints, V1EndpointsList> Endpoints() => GetOrCreate<V1Endpoints, V1EndpointsList>(
        "endpoints",
        (rv, next, ct) => _client.CoreV1.ListEndpointsForAllNamespacesAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.CoreV1.WatchListEndpointsForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1EndpointSlice, V1EndpointSliceList> EndpointSlices() => GetOrCreate<V1EndpointSlice, V1EndpointSliceList>(
        "endpointslices",
        (rv, next, ct) => _client.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.DiscoveryV1.WatchListEndpointSliceForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1ReplicaSet, V1ReplicaSetList> ReplicaSets() => GetOrCreate<V1ReplicaSet, V1ReplicaSetList>(
        "replicasets",
        (rv, next, ct) => _client.AppsV1.ListReplicaSetForAllNamespacesAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.AppsV1.WatchListReplicaSetForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1Deployment, V1DeploymentList> Deployments() => GetOrCreate<V1Deployment, V1DeploymentList>(
        "deployments",
        (rv, next, ct) => _client.AppsV1.ListDeploymentForAllNamespacesAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.AppsV1.WatchListDeploymentForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1DaemonSet, V1DaemonSetList> DaemonSets() => GetOrCreate<V1DaemonSet, V1DaemonSetList>(
        "daemonsets",
        (rv, next, ct) => _client.AppsV1.ListDaemonSetForAllNamespacesAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.AppsV1.WatchListDaemonSetForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1StatefulSet, V1StatefulSetList> StatefulSets() => GetOrCreate<V1StatefulSet, V1StatefulSetList>(
        "statefulsets",
        (rv, next, ct) => _client.AppsV1.ListStatefulSetForAllNamespacesAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.AppsV1.WatchListStatefulSetForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1ControllerRevision, V1ControllerRevisionList> ControllerRevisions() => GetOrCreate<V1ControllerRevision, V1ControllerRevisionList>(
        "controllerrevisions",
        (rv, next, ct) => _client.AppsV1.ListControllerRevisionForAllNamespacesAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.AppsV1.WatchListControllerRevisionForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1ReplicationController, V1ReplicationControllerList> ReplicationControllers() => GetOrCreate<V1ReplicationController, V1ReplicationControllerList>(
        "replicationcontrollers",
        (rv, next, ct) => _client.CoreV1.ListReplicationControllerForAllNamespacesAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.CoreV1.WatchListReplicationControllerForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1Job, V1JobList> Jobs() => GetOrCreate<V1Job, V1JobList>(
        "jobs",
        (rv, next, ct) => _client.BatchV1.ListJobForAllNamespacesAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.BatchV1.WatchListJobForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1CronJob, V1CronJobList> CronJobs() => GetOrCreate<V1CronJob, V1CronJobList>(
        "cronjobs",
        (rv, next, ct) => _client.BatchV1.ListCronJobForAllNamespacesAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.BatchV1.WatchListCronJobForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1PersistentVolumeClaim, V1PersistentVolumeClaimList> PersistentVolumeClaims() => GetOrCreate<V1PersistentVolumeClaim, V1PersistentVolumeClaimList>(
        "persistentvolumeclaims",
        (rv, next, ct) => _client.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.CoreV1.WatchListPersistentVolumeClaimForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1Namespace, V1NamespaceList> Namespaces() => GetOrCreate<V1Namespace, V1NamespaceList>(
        "namespaces",
        (rv, next, ct) => _client.CoreV1.ListNamespaceAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.CoreV1.WatchListNamespaceAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1ServiceAccount, V1ServiceAccountList> ServiceAccounts() => GetOrCreate<V1ServiceAccount, V1ServiceAccountList>(
        "serviceaccounts",
        (rv, next, ct) => _client.CoreV1.ListServiceAccountForAllNamespacesAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.CoreV1.WatchListServiceAccountForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1ClusterRole, V1ClusterRoleList> ClusterRoles() => GetOrCreate<V1ClusterRole, V1ClusterRoleList>(
        "clusterroles",
        (rv, next, ct) => _client.RbacAuthorizationV1.ListClusterRoleAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.RbacAuthorizationV1.WatchListClusterRoleAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    /// <summary>All ConfigMaps, or only those called <paramref name="name"/> in every namespace (field selector metadata.name).</summary>
    public Informer<V1ConfigMap, V1ConfigMapList> ConfigMaps(string? name = null)
    {
        var fieldSelector = name is null ? null : $"metadata.name={name}";
        return GetOrCreate<V1ConfigMap, V1ConfigMapList>(
            name is null ? "configmaps" : $"configmaps({fieldSelector})",
            (rv, next, ct) => _client.CoreV1.ListConfigMapForAllNamespacesAsync(
                fieldSelector: fieldSelector, limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
            (rv, ct) => _client.CoreV1.WatchListConfigMapForAllNamespacesAsync(
                allowWatchBookmarks: true, fieldSelector: fieldSelector, resourceVersion: rv,
                timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));
    }

    /// <summary>Leases in one namespace (e.g. kube-node-lease for node heartbeats), or in all namespaces.</summary>
    public Informer<V1Lease, V1LeaseList> Leases(string? @namespace = null)
    {
        if (@namespace is null)
        {
            return GetOrCreate<V1Lease, V1LeaseList>(
                "leases",
                (rv, next, ct) => _client.CoordinationV1.ListLeaseForAllNamespacesAsync(
                    limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
                (rv, ct) => _client.CoordinationV1.WatchListLeaseForAllNamespacesAsync(
                    allowWatchBookmarks: true, resourceVersion: rv,
                    timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));
        }
        return GetOrCreate<V1Lease, V1LeaseList>(
            $"leases({@namespace})",
            (rv, next, ct) => _client.CoordinationV1.ListNamespacedLeaseAsync(
                @namespace, limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
            (rv, ct) => _client.CoordinationV1.WatchListNamespacedLeaseAsync(
                @namespace, allowWatchBookmarks: true, resourceVersion: rv,
                timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));
    }

    public Informer<V1PodDisruptionBudget, V1PodDisruptionBudgetList> PodDisruptionBudgets() => GetOrCreate<V1PodDisruptionBudget, V1PodDisruptionBudgetList>(
        "poddisruptionbudgets",
        (rv, next, ct) => _client.PolicyV1.ListPodDisruptionBudgetForAllNamespacesAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.PolicyV1.WatchListPodDisruptionBudgetForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1ResourceQuota, V1ResourceQuotaList> ResourceQuotas() => GetOrCreate<V1ResourceQuota, V1ResourceQuotaList>(
        "resourcequotas",
        (rv, next, ct) => _client.CoreV1.ListResourceQuotaForAllNamespacesAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.CoreV1.WatchListResourceQuotaForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V2HorizontalPodAutoscaler, V2HorizontalPodAutoscalerList> HorizontalPodAutoscalers() => GetOrCreate<V2HorizontalPodAutoscaler, V2HorizontalPodAutoscalerList>(
        "horizontalpodautoscalers",
        (rv, next, ct) => _client.AutoscalingV2.ListHorizontalPodAutoscalerForAllNamespacesAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.AutoscalingV2.WatchListHorizontalPodAutoscalerForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    public Informer<V1PersistentVolume, V1PersistentVolumeList> PersistentVolumes() => GetOrCreate<V1PersistentVolume, V1PersistentVolumeList>(
        "persistentvolumes",
        (rv, next, ct) => _client.CoreV1.ListPersistentVolumeAsync(
            limit: _options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
        (rv, ct) => _client.CoreV1.WatchListPersistentVolumeAsync(
            allowWatchBookmarks: true, resourceVersion: rv,
            timeoutSeconds: _options.NextWatchTimeoutSeconds(), onError: ThrowWatchError, cancellationToken: ct));

    /// <summary>
    /// Runs every informer created so far that is not yet running; call again after creating more.
    /// The returned task completes when all of them have stopped (after cancellation).
    /// </summary>
    public Task Start(CancellationToken cancellationToken)
    {
        foreach (var (name, informer) in _informers)
        {
            _running.GetOrAdd(name, _ => Task.Run(() => informer.RunAsync(cancellationToken), CancellationToken.None));
        }
        return Task.WhenAll(_running.Values);
    }

    /// <summary>Waits until every informer created so far has completed its first LIST.</summary>
    public Task WaitForCacheSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_informers.Values.Select(informer => informer.WaitForSyncAsync(cancellationToken)));

    private Informer<T, TList> GetOrCreate<T, TList>(
        string name,
        Func<string?, string?, CancellationToken, Task<TList>> list,
        Func<string, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch,
        Action<ObjectCache<T>>? addIndexes = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : IKubernetesObject<V1ListMeta>, IItems<T>
    {
        var informer = _informers.GetOrAdd(name, _ =>
        {
            var created = new Informer<T, TList>(list, watch, _defaultResync, _options, _loggerFactory.CreateLogger($"ChaosLab.Client.Informer.{name}"))
            {
                Name = name,
            };
            created.Cache.AddIndex(NamespaceIndex, obj => obj.Metadata?.NamespaceProperty);
            addIndexes?.Invoke(created.Cache);
            return created;
        });
        return (Informer<T, TList>)informer;
    }

    // KubernetesClient reports an in-stream ERROR event (e.g. 410 Expired) through onError and then keeps
    // reading; throwing here ends the enumeration with that error so the informer can re-list.
    private static void ThrowWatchError(Exception error) => ExceptionDispatchInfo.Throw(error);
}
