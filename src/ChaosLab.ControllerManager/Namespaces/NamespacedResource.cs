using k8s;
using k8s.Models;

namespace ChaosLab.ControllerManager.Namespaces;

/// <summary>One namespaced resource the namespace controller empties: how to list and delete its objects.</summary>
internal sealed record NamespacedResource(
    string Name,
    Func<IKubernetes, string, CancellationToken, Task<IReadOnlyList<V1ObjectMeta>>> List,
    Func<IKubernetes, string, string, V1DeleteOptions, CancellationToken, Task> Delete)
{
    /// <summary>
    /// Every namespaced resource the API server serves. Workloads come first (a CronJob before the Jobs it makes,
    /// an autoscaler before what it scales) so their controllers stop producing objects before those go; order does
    /// not matter for correctness.
    /// </summary>
    public static IReadOnlyList<NamespacedResource> All { get; } =
    [
        new("cronjobs.batch",
            async (c, ns, ct) => Metas((await c.BatchV1.ListNamespacedCronJobAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.BatchV1.DeleteNamespacedCronJobAsync(name, ns, o, cancellationToken: ct)),
        new("jobs.batch",
            async (c, ns, ct) => Metas((await c.BatchV1.ListNamespacedJobAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.BatchV1.DeleteNamespacedJobAsync(name, ns, o, cancellationToken: ct)),
        new("daemonsets.apps",
            async (c, ns, ct) => Metas((await c.AppsV1.ListNamespacedDaemonSetAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.AppsV1.DeleteNamespacedDaemonSetAsync(name, ns, o, cancellationToken: ct)),
        new("statefulsets.apps",
            async (c, ns, ct) => Metas((await c.AppsV1.ListNamespacedStatefulSetAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.AppsV1.DeleteNamespacedStatefulSetAsync(name, ns, o, cancellationToken: ct)),
        new("replicationcontrollers",
            async (c, ns, ct) => Metas((await c.CoreV1.ListNamespacedReplicationControllerAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.CoreV1.DeleteNamespacedReplicationControllerAsync(name, ns, o, cancellationToken: ct)),
        new("horizontalpodautoscalers.autoscaling",
            async (c, ns, ct) => Metas((await c.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.AutoscalingV2.DeleteNamespacedHorizontalPodAutoscalerAsync(name, ns, o, cancellationToken: ct)),
        new("deployments.apps",
            async (c, ns, ct) => Metas((await c.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.AppsV1.DeleteNamespacedDeploymentAsync(name, ns, o, cancellationToken: ct)),
        new("replicasets.apps",
            async (c, ns, ct) => Metas((await c.AppsV1.ListNamespacedReplicaSetAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.AppsV1.DeleteNamespacedReplicaSetAsync(name, ns, o, cancellationToken: ct)),
        new("pods",
            async (c, ns, ct) => Metas((await c.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.CoreV1.DeleteNamespacedPodAsync(name, ns, o, cancellationToken: ct)),
        new("services",
            async (c, ns, ct) => Metas((await c.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.CoreV1.DeleteNamespacedServiceAsync(name, ns, o, cancellationToken: ct)),
        new("endpoints",
            async (c, ns, ct) => Metas((await c.CoreV1.ListNamespacedEndpointsAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.CoreV1.DeleteNamespacedEndpointsAsync(name, ns, o, cancellationToken: ct)),
        new("endpointslices.discovery.k8s.io",
            async (c, ns, ct) => Metas((await c.DiscoveryV1.ListNamespacedEndpointSliceAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(name, ns, o, cancellationToken: ct)),
        new("configmaps",
            async (c, ns, ct) => Metas((await c.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.CoreV1.DeleteNamespacedConfigMapAsync(name, ns, o, cancellationToken: ct)),
        new("secrets",
            async (c, ns, ct) => Metas((await c.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.CoreV1.DeleteNamespacedSecretAsync(name, ns, o, cancellationToken: ct)),
        new("serviceaccounts",
            async (c, ns, ct) => Metas((await c.CoreV1.ListNamespacedServiceAccountAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.CoreV1.DeleteNamespacedServiceAccountAsync(name, ns, o, cancellationToken: ct)),
        new("leases.coordination.k8s.io",
            async (c, ns, ct) => Metas((await c.CoordinationV1.ListNamespacedLeaseAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.CoordinationV1.DeleteNamespacedLeaseAsync(name, ns, o, cancellationToken: ct)),
        new("controllerrevisions.apps",
            async (c, ns, ct) => Metas((await c.AppsV1.ListNamespacedControllerRevisionAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.AppsV1.DeleteNamespacedControllerRevisionAsync(name, ns, o, cancellationToken: ct)),
        new("podtemplates",
            async (c, ns, ct) => Metas((await c.CoreV1.ListNamespacedPodTemplateAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.CoreV1.DeleteNamespacedPodTemplateAsync(name, ns, o, cancellationToken: ct)),
        new("persistentvolumeclaims",
            async (c, ns, ct) => Metas((await c.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(name, ns, o, cancellationToken: ct)),
        new("poddisruptionbudgets.policy",
            async (c, ns, ct) => Metas((await c.PolicyV1.ListNamespacedPodDisruptionBudgetAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.PolicyV1.DeleteNamespacedPodDisruptionBudgetAsync(name, ns, o, cancellationToken: ct)),
        new("resourcequotas",
            async (c, ns, ct) => Metas((await c.CoreV1.ListNamespacedResourceQuotaAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.CoreV1.DeleteNamespacedResourceQuotaAsync(name, ns, o, cancellationToken: ct)),
        new("limitranges",
            async (c, ns, ct) => Metas((await c.CoreV1.ListNamespacedLimitRangeAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.CoreV1.DeleteNamespacedLimitRangeAsync(name, ns, o, cancellationToken: ct)),
        new("ingresses.networking.k8s.io",
            async (c, ns, ct) => Metas((await c.NetworkingV1.ListNamespacedIngressAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.NetworkingV1.DeleteNamespacedIngressAsync(name, ns, o, cancellationToken: ct)),
        new("networkpolicies.networking.k8s.io",
            async (c, ns, ct) => Metas((await c.NetworkingV1.ListNamespacedNetworkPolicyAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.NetworkingV1.DeleteNamespacedNetworkPolicyAsync(name, ns, o, cancellationToken: ct)),
        new("rolebindings.rbac.authorization.k8s.io",
            async (c, ns, ct) => Metas((await c.RbacAuthorizationV1.ListNamespacedRoleBindingAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync(name, ns, o, cancellationToken: ct)),
        new("roles.rbac.authorization.k8s.io",
            async (c, ns, ct) => Metas((await c.RbacAuthorizationV1.ListNamespacedRoleAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.RbacAuthorizationV1.DeleteNamespacedRoleAsync(name, ns, o, cancellationToken: ct)),
        new("events",
            async (c, ns, ct) => Metas((await c.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.CoreV1.DeleteNamespacedEventAsync(name, ns, o, cancellationToken: ct)),
    ];

    private static IReadOnlyList<V1ObjectMeta> Metas<T>(IEnumerable<T> items)
        where T : IMetadata<V1ObjectMeta> => [.. items.Select(i => i.Metadata)];
}
