using ChaosLab.Client.Informers;
using k8s;
using k8s.Models;

namespace ChaosLab.ControllerManager.GarbageCollector;

/// <summary>
/// The kinds in the owner graph: the owned kinds and their owners are watched (pods, replicasets, deployments,
/// endpointslices, services, replication controllers, daemonsets, statefulsets, controllerrevisions, jobs, cronjobs,
/// the claims a StatefulSet makes, and horizontal pod autoscalers); nodes are only looked up, as owners of mirror pods.
/// </summary>
internal static class GcResources
{
    public static IReadOnlyList<IGcResource> Create(InformerFactory informers) =>
    [
        new GcResource<V1Pod, V1PodList>("", "Pod", true, informers.Pods(),
            (c, ns, n, ct) => c.CoreV1.ReadNamespacedPodAsync(n, ns, cancellationToken: ct),
            (c, ns, n, o, ct) => c.CoreV1.DeleteNamespacedPodAsync(n, ns, o, cancellationToken: ct),
            (c, ns, n, p, ct) => c.CoreV1.PatchNamespacedPodAsync(p, n, ns, cancellationToken: ct)),
        new GcResource<V1ReplicaSet, V1ReplicaSetList>("apps", "ReplicaSet", true, informers.ReplicaSets(),
            (c, ns, n, ct) => c.AppsV1.ReadNamespacedReplicaSetAsync(n, ns, cancellationToken: ct),
            (c, ns, n, o, ct) => c.AppsV1.DeleteNamespacedReplicaSetAsync(n, ns, o, cancellationToken: ct),
            (c, ns, n, p, ct) => c.AppsV1.PatchNamespacedReplicaSetAsync(p, n, ns, cancellationToken: ct)),
        new GcResource<V1Deployment, V1DeploymentList>("apps", "Deployment", true, informers.Deployments(),
            (c, ns, n, ct) => c.AppsV1.ReadNamespacedDeploymentAsync(n, ns, cancellationToken: ct),
            (c, ns, n, o, ct) => c.AppsV1.DeleteNamespacedDeploymentAsync(n, ns, o, cancellationToken: ct),
            (c, ns, n, p, ct) => c.AppsV1.PatchNamespacedDeploymentAsync(p, n, ns, cancellationToken: ct)),
        new GcResource<V1EndpointSlice, V1EndpointSliceList>("discovery.k8s.io", "EndpointSlice", true, informers.EndpointSlices(),
            (c, ns, n, ct) => c.DiscoveryV1.ReadNamespacedEndpointSliceAsync(n, ns, cancellationToken: ct),
            (c, ns, n, o, ct) => c.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(n, ns, o, cancellationToken: ct),
            (c, ns, n, p, ct) => c.DiscoveryV1.PatchNamespacedEndpointSliceAsync(p, n, ns, cancellationToken: ct)),
        new GcResource<V1Service, V1ServiceList>("", "Service", true, informers.Services(),
            (c, ns, n, ct) => c.CoreV1.ReadNamespacedServiceAsync(n, ns, cancellationToken: ct),
            (c, ns, n, o, ct) => c.CoreV1.DeleteNamespacedServiceAsync(n, ns, o, cancellationToken: ct),
            (c, ns, n, p, ct) => c.CoreV1.PatchNamespacedServiceAsync(p, n, ns, cancellationToken: ct)),
        new GcResource<V1ReplicationController, V1ReplicationControllerList>("", "ReplicationController", true, informers.ReplicationControllers(),
            (c, ns, n, ct) => c.CoreV1.ReadNamespacedReplicationControllerAsync(n, ns, cancellationToken: ct),
            (c, ns, n, o, ct) => c.CoreV1.DeleteNamespacedReplicationControllerAsync(n, ns, o, cancellationToken: ct),
            (c, ns, n, p, ct) => c.CoreV1.PatchNamespacedReplicationControllerAsync(p, n, ns, cancellationToken: ct)),
        new GcResource<V1DaemonSet, V1DaemonSetList>("apps", "DaemonSet", true, informers.DaemonSets(),
            (c, ns, n, ct) => c.AppsV1.ReadNamespacedDaemonSetAsync(n, ns, cancellationToken: ct),
            (c, ns, n, o, ct) => c.AppsV1.DeleteNamespacedDaemonSetAsync(n, ns, o, cancellationToken: ct),
            (c, ns, n, p, ct) => c.AppsV1.PatchNamespacedDaemonSetAsync(p, n, ns, cancellationToken: ct)),
        new GcResource<V1StatefulSet, V1StatefulSetList>("apps", "StatefulSet", true, informers.StatefulSets(),
            (c, ns, n, ct) => c.AppsV1.ReadNamespacedStatefulSetAsync(n, ns, cancellationToken: ct),
            (c, ns, n, o, ct) => c.AppsV1.DeleteNamespacedStatefulSetAsync(n, ns, o, cancellationToken: ct),
            (c, ns, n, p, ct) => c.AppsV1.PatchNamespacedStatefulSetAsync(p, n, ns, cancellationToken: ct)),
        new GcResource<V1ControllerRevision, V1ControllerRevisionList>("apps", "ControllerRevision", true, informers.ControllerRevisions(),
            (c, ns, n, ct) => c.AppsV1.ReadNamespacedControllerRevisionAsync(n, ns, cancellationToken: ct),
            (c, ns, n, o, ct) => c.AppsV1.DeleteNamespacedControllerRevisionAsync(n, ns, o, cancellationToken: ct),
            (c, ns, n, p, ct) => c.AppsV1.PatchNamespacedControllerRevisionAsync(p, n, ns, cancellationToken: ct)),
        new GcResource<V1Job, V1JobList>("batch", "Job", true, informers.Jobs(),
            (c, ns, n, ct) => c.BatchV1.ReadNamespacedJobAsync(n, ns, cancellationToken: ct),
            (c, ns, n, o, ct) => c.BatchV1.DeleteNamespacedJobAsync(n, ns, o, cancellationToken: ct),
            (c, ns, n, p, ct) => c.BatchV1.PatchNamespacedJobAsync(p, n, ns, cancellationToken: ct)),
        new GcResource<V1CronJob, V1CronJobList>("batch", "CronJob", true, informers.CronJobs(),
            (c, ns, n, ct) => c.BatchV1.ReadNamespacedCronJobAsync(n, ns, cancellationToken: ct),
            (c, ns, n, o, ct) => c.BatchV1.DeleteNamespacedCronJobAsync(n, ns, o, cancellationToken: ct),
            (c, ns, n, p, ct) => c.BatchV1.PatchNamespacedCronJobAsync(p, n, ns, cancellationToken: ct)),
        new GcResource<V1PersistentVolumeClaim, V1PersistentVolumeClaimList>("", "PersistentVolumeClaim", true, informers.PersistentVolumeClaims(),
            (c, ns, n, ct) => c.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(n, ns, cancellationToken: ct),
            (c, ns, n, o, ct) => c.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(n, ns, o, cancellationToken: ct),
            (c, ns, n, p, ct) => c.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(p, n, ns, cancellationToken: ct)),
        // Owns nothing, but is watched so that a foreground or orphan delete of one (the official C# client's e2e
        // suite deletes its HPA in the foreground) gets its finalizer removed instead of hanging.
        new GcResource<V2HorizontalPodAutoscaler, V2HorizontalPodAutoscalerList>("autoscaling", "HorizontalPodAutoscaler", true, informers.HorizontalPodAutoscalers(),
            (c, ns, n, ct) => c.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync(n, ns, cancellationToken: ct),
            (c, ns, n, o, ct) => c.AutoscalingV2.DeleteNamespacedHorizontalPodAutoscalerAsync(n, ns, o, cancellationToken: ct),
            (c, ns, n, p, ct) => c.AutoscalingV2.PatchNamespacedHorizontalPodAutoscalerAsync(p, n, ns, cancellationToken: ct)),
        new GcResource<V1Node, V1NodeList>("", "Node", false, null,
            (c, _, n, ct) => c.CoreV1.ReadNodeAsync(n, cancellationToken: ct),
            (c, _, n, o, ct) => c.CoreV1.DeleteNodeAsync(n, o, cancellationToken: ct),
            (c, _, n, p, ct) => c.CoreV1.PatchNodeAsync(p, n, cancellationToken: ct)),
    ];

    /// <summary>The group of an apiVersion: "apps" for "apps/v1", "" for "v1".</summary>
    public static string GroupOf(string? apiVersion) =>
        apiVersion is null ? "" : apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
}
