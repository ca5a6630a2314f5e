using k8s.Models;

namespace ChaosLab.ApiServer.Resources;

/// <summary>Every resource this API server serves. Discovery, OpenAPI, routing and storage all read this table.</summary>
public static class ResourceCatalog
{
    private static readonly string[] ReadWrite = ["get", "patch", "update"];

    private static SubresourceType Status(string group, string version, string kind) => new("status", group, version, kind, ReadWrite);

    private static SubresourceType Scale() => new("scale", "autoscaling", "v1", "Scale", ReadWrite);

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        new("", "v1", "namespaces", "namespace", "Namespace", false, typeof(V1Namespace), ["ns"], [], [Status("", "v1", "Namespace"), new("finalize", "", "v1", "Namespace", ["update"])]),
        new("", "v1", "nodes", "node", "Node", false, typeof(V1Node), ["no"], [], [Status("", "v1", "Node")]),
        new("", "v1", "pods", "pod", "Pod", true, typeof(V1Pod), ["po"], ["all"],
            [Status("", "v1", "Pod"), new("binding", "", "v1", "Binding", ["create"]), new("eviction", "policy", "v1", "Eviction", ["create"]),
             new("log", "", "v1", "Pod", ["get"]), new("exec", "", "v1", "PodExecOptions", ["create", "get"]),
             new("attach", "", "v1", "PodAttachOptions", ["create", "get"]), new("portforward", "", "v1", "PodPortForwardOptions", ["create", "get"])]),
        new("", "v1", "services", "service", "Service", true, typeof(V1Service), ["svc"], ["all"], [Status("", "v1", "Service")]),
        new("", "v1", "endpoints", "endpoints", "Endpoints", true, typeof(V1Endpoints), ["ep"], [], []),
        new("", "v1", "events", "event", "Event", true, typeof(Corev1Event), ["ev"], [], []),
        new("", "v1", "configmaps", "configmap", "ConfigMap", true, typeof(V1ConfigMap), ["cm"], [], []),
        new("", "v1", "secrets", "secret", "Secret", true, typeof(V1Secret), [], [], []),
        new("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, typeof(V1ServiceAccount), ["sa"], [], []),
        new("apps", "v1", "deployments", "deployment", "Deployment", true, typeof(V1Deployment), ["deploy"], ["all"], [Status("apps", "v1", "Deployment"), Scale()]),
        new("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, typeof(V1ReplicaSet), ["rs"], ["all"], [Status("apps", "v1", "ReplicaSet"), Scale()]),
        new("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true, typeof(V1EndpointSlice), [], [], []),
        new("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, typeof(V1Lease), [], [], []),
    ];

    public static ResourceType? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    public static ResourceType? FindByKind(string apiVersion, string kind) =>
        All.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind);

    /// <summary>The group-versions served, core first: "v1", "apps/v1", ...</summary>
    public static IReadOnlyList<string> GroupVersions { get; } = All.Select(r => r.GroupVersion).Distinct().ToList();

    public static IEnumerable<ResourceType> InGroupVersion(string groupVersion) => All.Where(r => r.GroupVersion == groupVersion);
}
