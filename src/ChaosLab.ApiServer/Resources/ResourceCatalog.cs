using k8s.Models;

namespace ChaosLab.ApiServer.Resources;

/// <summary>
/// Every resource this API server serves. Discovery, OpenAPI, routing and storage all read this table: the
/// built-in kinds, then the custom resources of the established CustomResourceDefinitions, swapped in whole
/// by <see cref="ServeCustom"/> whenever a CRD changes.
/// </summary>
public static class ResourceCatalog
{
    private static readonly string[] ReadWrite = ["get", "patch", "update"];
    private static readonly string[] CreateOnly = ["create"];

    private static SubresourceType Status(string group, string version, string kind) => new("status", group, version, kind, ReadWrite);

    private static SubresourceType Scale() => new("scale", "autoscaling", "v1", "Scale", ReadWrite);

    /// <summary>pods/proxy, services/proxy, nodes/proxy: every HTTP method is carried, and discovery names the verbs they map to.</summary>
    private static SubresourceType Proxy(string kind) => new("proxy", "", "v1", kind, ["create", "delete", "get", "patch", "update"]);

    public static IReadOnlyList<ResourceType> BuiltIn { get; } =
    [
        new("", "v1", "namespaces", "namespace", "Namespace", false, typeof(V1Namespace), ["ns"], [], [Status("", "v1", "Namespace"), new("finalize", "", "v1", "Namespace", ["update"])]),
        new("", "v1", "nodes", "node", "Node", false, typeof(V1Node), ["no"], [], [Status("", "v1", "Node"), Proxy("NodeProxyOptions")]),
        new("", "v1", "pods", "pod", "Pod", true, typeof(V1Pod), ["po"], ["all"],
            [Status("", "v1", "Pod"), new("binding", "", "v1", "Binding", ["create"]), new("eviction", "policy", "v1", "Eviction", ["create"]),
             new("log", "", "v1", "Pod", ["get"]), new("exec", "", "v1", "PodExecOptions", ["create", "get"]),
             new("attach", "", "v1", "PodAttachOptions", ["create", "get"]), new("portforward", "", "v1", "PodPortForwardOptions", ["create", "get"]),
             Proxy("PodProxyOptions")]),
        new("", "v1", "services", "service", "Service", true, typeof(V1Service), ["svc"], ["all"], [Status("", "v1", "Service"), Proxy("ServiceProxyOptions")]),
        new("", "v1", "endpoints", "endpoints", "Endpoints", true, typeof(V1Endpoints), ["ep"], [], []),
        new("", "v1", "events", "event", "Event", true, typeof(Corev1Event), ["ev"], [], []),
        new("", "v1", "configmaps", "configmap", "ConfigMap", true, typeof(V1ConfigMap), ["cm"], [], []),
        new("", "v1", "secrets", "secret", "Secret", true, typeof(V1Secret), [], [], []),
        new("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, typeof(V1ServiceAccount), ["sa"], [],
            [new("token", "authentication.k8s.io", "v1", "TokenRequest", ["create"])]),
        new("apps", "v1", "deployments", "deployment", "Deployment", true, typeof(V1Deployment), ["deploy"], ["all"], [Status("apps", "v1", "Deployment"), Scale()]),
        new("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, typeof(V1ReplicaSet), ["rs"], ["all"], [Status("apps", "v1", "ReplicaSet"), Scale()]),
        new("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true, typeof(V1EndpointSlice), [], [], []),
        new("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, typeof(V1Lease), [], [], []),
        new("", "v1", "replicationcontrollers", "replicationcontroller", "ReplicationController", true, typeof(V1ReplicationController), ["rc"], ["all"],
            [Status("", "v1", "ReplicationController"), Scale()]),
        new("", "v1", "podtemplates", "podtemplate", "PodTemplate", true, typeof(V1PodTemplate), [], [], []),
        new("", "v1", "limitranges", "limitrange", "LimitRange", true, typeof(V1LimitRange), ["limits"], [], []),
        new("", "v1", "resourcequotas", "resourcequota", "ResourceQuota", true, typeof(V1ResourceQuota), ["quota"], [], [Status("", "v1", "ResourceQuota")]),
        new("", "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", false, typeof(V1PersistentVolume), ["pv"], [], [Status("", "v1", "PersistentVolume")]),
        new("", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, typeof(V1PersistentVolumeClaim), ["pvc"], [],
            [Status("", "v1", "PersistentVolumeClaim")]),
        new("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, typeof(V1DaemonSet), ["ds"], ["all"], [Status("apps", "v1", "DaemonSet")]),
        new("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, typeof(V1StatefulSet), ["sts"], ["all"], [Status("apps", "v1", "StatefulSet"), Scale()]),
        new("apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", true, typeof(V1ControllerRevision), [], [], []),
        new("batch", "v1", "jobs", "job", "Job", true, typeof(V1Job), [], ["all"], [Status("batch", "v1", "Job")]),
        new("batch", "v1", "cronjobs", "cronjob", "CronJob", true, typeof(V1CronJob), ["cj"], ["all"], [Status("batch", "v1", "CronJob")]),
        new("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, typeof(V1PodDisruptionBudget), ["pdb"], [],
            [Status("policy", "v1", "PodDisruptionBudget")]),
        new("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", true, typeof(V2HorizontalPodAutoscaler),
            ["hpa"], ["all"], [Status("autoscaling", "v2", "HorizontalPodAutoscaler")]),
        new("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, typeof(V1Ingress), ["ing"], [], [Status("networking.k8s.io", "v1", "Ingress")]),
        new("networking.k8s.io", "v1", "ingressclasses", "ingressclass", "IngressClass", false, typeof(V1IngressClass), [], [], []),
        new("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true, typeof(V1NetworkPolicy), ["netpol"], [], []),
        new("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, typeof(V1Role), [], [], []),
        new("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, typeof(V1RoleBinding), [], [], []),
        new("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, typeof(V1ClusterRole), [], [], []),
        new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, typeof(V1ClusterRoleBinding), [], [], []),
        // The review APIs: create-only, answered from the request and never stored (Security/Reviews).
        new("authorization.k8s.io", "v1", "subjectaccessreviews", "subjectaccessreview", "SubjectAccessReview", false, typeof(V1SubjectAccessReview), [], [], []) { Verbs = CreateOnly },
        new("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview", false, typeof(V1SelfSubjectAccessReview), [], [], []) { Verbs = CreateOnly },
        new("authorization.k8s.io", "v1", "localsubjectaccessreviews", "localsubjectaccessreview", "LocalSubjectAccessReview", true, typeof(V1LocalSubjectAccessReview), [], [], []) { Verbs = CreateOnly },
        new("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "selfsubjectrulesreview", "SelfSubjectRulesReview", false, typeof(V1SelfSubjectRulesReview), [], [], []) { Verbs = CreateOnly },
        new("authentication.k8s.io", "v1", "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview", false, typeof(V1SelfSubjectReview), [], [], []) { Verbs = CreateOnly },
        new("authentication.k8s.io", "v1", "tokenreviews", "tokenreview", "TokenReview", false, typeof(V1TokenReview), [], [], []) { Verbs = CreateOnly },
        new("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", false, typeof(V1StorageClass), ["sc"], [], []),
        new("scheduling.k8s.io", "v1", "priorityclasses", "priorityclass", "PriorityClass", false, typeof(V1PriorityClass), ["pc"], [], []),
        new("apiregistration.k8s.io", "v1", "apiservices", "apiservice", "APIService", false, typeof(V1APIService), [], ["api-extensions"],
            [Status("apiregistration.k8s.io", "v1", "APIService")]),
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false,
            typeof(V1CustomResourceDefinition), ["crd", "crds"], ["api-extensions"], [Status("apiextensions.k8s.io", "v1", "CustomResourceDefinition")]),
    ];

    /// <summary>Whether the resource is one of the review APIs, answered per request instead of stored.</summary>
    public static bool IsReview(ResourceType type) => type?.Group is "authorization.k8s.io" or "authentication.k8s.io";
    private static volatile Snapshot current = new(BuiltIn);

    public static IReadOnlyList<ResourceType> All => current.All;

    /// <summary>The custom resources served now, replacing those served before.</summary>
    public static void ServeCustom(IReadOnlyList<ResourceType> custom)
    {
        ArgumentNullException.ThrowIfNull(custom);
        current = new Snapshot([.. BuiltIn, .. custom.Where(c => !BuiltIn.Any(b => b.GroupVersion == c.GroupVersion && b.Plural == c.Plural))]);
    }

    public static ResourceType? Find(string group, string version, string plural) =>
        current.ByGroupVersion.GetValueOrDefault(group.Length == 0 ? version : $"{group}/{version}")?.FirstOrDefault(r => r.Plural == plural);

    public static ResourceType? FindByKind(string apiVersion, string kind) =>
        All.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind);

    /// <summary>The group-versions served, core first: "v1", "apps/v1", ...</summary>
    public static IReadOnlyList<string> GroupVersions => current.GroupVersions;

    public static IEnumerable<ResourceType> InGroupVersion(string groupVersion) => current.ByGroupVersion.GetValueOrDefault(groupVersion) ?? [];

    /// <summary>One consistent view of the table, so a request never sees half of a CRD change.</summary>
    private sealed class Snapshot(IReadOnlyList<ResourceType> all)
    {
        public IReadOnlyList<ResourceType> All { get; } = all;

        public IReadOnlyList<string> GroupVersions { get; } = all.Select(r => r.GroupVersion).Distinct().ToList();

        public Dictionary<string, List<ResourceType>> ByGroupVersion { get; } =
            all.GroupBy(r => r.GroupVersion).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }
}
