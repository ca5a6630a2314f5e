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
    /// Every namespaced resource the API server serves. Workloads come first so their controllers stop
    /// producing pods before the pods go; order does not matter for correctness.
    /// </summary>
    public static IReadOnlyList<NamespacedResource> All { get; } =
    [
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
        new("events",
            async (c, ns, ct) => Metas((await c.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: ct)).Items),
            (c, ns, name, o, ct) => c.CoreV1.DeleteNamespacedEventAsync(name, ns, o, cancellationToken: ct)),
    ];

    private static IReadOnlyList<V1ObjectMeta> Metas<T>(IEnumerable<T> items)
        where T : IMetadata<V1ObjectMeta> => [.. items.Select(i => i.Metadata)];
}
