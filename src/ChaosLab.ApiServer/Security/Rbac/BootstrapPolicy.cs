using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Security.Rbac;

/// <summary>
/// The roles and bindings every cluster starts with, as upstream's bootstrappolicy (policy.go) defines them: the
/// user-facing cluster-admin, admin, edit and view (the last three aggregated from the system:aggregate-to-* roles by
/// label), discovery and self-review for every user, and the components' roles. Labelled kubernetes.io/bootstrapping:
/// rbac-defaults, as upstream.
/// </summary>
public static class BootstrapPolicy
{
    public const string AggregateLabelPrefix = "rbac.authorization.k8s.io/aggregate-to-";
    public const string Masters = "system:masters";
    public const string Authenticated = "system:authenticated";
    public const string Unauthenticated = "system:unauthenticated";

    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] Write = ["create", "delete", "deletecollection", "patch", "update"];
    private static readonly string[] ReadWrite = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
    private static readonly string[] Core = [""];
    private static readonly string[] Events = ["", "events.k8s.io"];

    private static PolicyRule R(string[] verbs, string[] groups, params string[] resources) => PolicyRule.Resource(verbs, groups, resources);

    private static PolicyRule R(string verb, string group, params string[] resources) => PolicyRule.Resource([verb], [group], resources);

    private static PolicyRule EventsRule => R(["create", "update", "patch"], Events, "events");

    /// <summary>
    /// What a kubelet may do beyond reading the objects its pods name (which <see cref="NodeAuthorizer"/> decides):
    /// upstream's NodeRules, which the node authorizer applies to system:nodes users.
    /// </summary>
    public static IReadOnlyList<PolicyRule> NodeRules { get; } =
    [
        R("create", "authentication.k8s.io", "tokenreviews"),
        R("create", "authorization.k8s.io", "subjectaccessreviews", "localsubjectaccessreviews"),
        R(Read, Core, "services"),
        R(["create", "get", "list", "watch"], Core, "nodes"),
        R(["update", "patch"], Core, "nodes/status"),
        R(["update", "patch", "delete"], Core, "nodes"),
        R(["create", "update", "patch"], Core, "events"),
        R(Read, Core, "pods"),
        R(["create", "delete"], Core, "pods"),
        R("create", "", "pods/eviction"),
        R(["update", "patch"], Core, "pods/status"),
        R(["get"], Core, "secrets", "configmaps"),
        R(["get"], Core, "persistentvolumeclaims", "persistentvolumes"),
        R(["get"], Core, "endpoints"),
        R(["create", "get", "list", "watch"], ["certificates.k8s.io"], "certificatesigningrequests"),
        R(["get", "create", "update", "patch", "delete"], ["coordination.k8s.io"], "leases"),
        R("get", "storage.k8s.io", "volumeattachments"),
        R("create", "", "serviceaccounts/token"),
        R(Read, ["storage.k8s.io"], "csidrivers"),
        R(Read, ["node.k8s.io"], "runtimeclasses"),
    ];

    public static IReadOnlyList<JsonObject> ClusterRoles() =>
    [
        Role("cluster-admin", [PolicyRule.Resource(["*"], ["*"], "*"), PolicyRule.Urls(["*"], "*")]),
        Role("system:discovery", [PolicyRule.Urls(["get"], "/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/")]),
        Role("system:monitoring", [PolicyRule.Urls(["get"], "/metrics", "/metrics/slis", "/livez", "/readyz", "/healthz", "/livez/*", "/readyz/*", "/healthz/*")]),
        Role("system:basic-user",
        [
            R("create", "authorization.k8s.io", "selfsubjectaccessreviews", "selfsubjectrulesreviews"),
            R("create", "authentication.k8s.io", "selfsubjectreviews"),
        ]),
        Role("system:public-info-viewer", [PolicyRule.Urls(["get"], "/healthz", "/livez", "/readyz", "/version", "/version/")]),
        Aggregated("admin", "admin"),
        Aggregated("edit", "edit", ("admin", "true")),
        Aggregated("view", "view", ("edit", "true")),
        Role("system:aggregate-to-admin",
        [
            R("create", "authorization.k8s.io", "localsubjectaccessreviews"),
            R(ReadWrite, ["rbac.authorization.k8s.io"], "rolebindings", "roles"),
        ], ("admin", "true")),
        Role("system:aggregate-to-edit",
        [
            R("impersonate", "", "serviceaccounts"),
            R(Write, Core, "pods", "pods/attach", "pods/proxy", "pods/exec", "pods/portforward"),
            R("create", "", "pods/eviction"),
            R(Write, Core, "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/proxy", "persistentvolumeclaims", "configmaps", "secrets", "events"),
            R("create", "", "serviceaccounts/token"),
            R(Write, ["apps"], "daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"),
            R(Write, ["autoscaling"], "horizontalpodautoscalers"),
            R(Write, ["batch"], "jobs", "cronjobs"),
            R(Write, ["policy"], "poddisruptionbudgets"),
            R(Write, ["networking.k8s.io"], "networkpolicies", "ingresses"),
            R(Write, ["coordination.k8s.io"], "leases"),
            R(Read, Core, "pods/attach", "pods/proxy", "pods/exec", "pods/portforward", "secrets", "services/proxy"),
        ], ("edit", "true")),
        Role("system:aggregate-to-view",
        [
            R(Read, Core, "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status", "endpoints",
                "persistentvolumeclaims", "persistentvolumeclaims/status", "configmaps"),
            R(Read, Core, "limitranges", "resourcequotas", "bindings", "events", "pods/status", "resourcequotas/status", "namespaces/status",
                "replicationcontrollers/status", "pods/log"),
            R(Read, Core, "namespaces"),
            R(Read, ["discovery.k8s.io"], "endpointslices"),
            R(Read, ["apps"], "controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status",
                "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"),
            R(Read, ["autoscaling"], "horizontalpodautoscalers", "horizontalpodautoscalers/status"),
            R(Read, ["batch"], "cronjobs", "cronjobs/status", "jobs", "jobs/status"),
            R(Read, ["policy"], "poddisruptionbudgets", "poddisruptionbudgets/status"),
            R(Read, ["networking.k8s.io"], "ingresses", "ingresses/status", "networkpolicies"),
            R(Read, ["coordination.k8s.io"], "leases"),
        ], ("view", "true")),
        // Bound to nothing, as upstream: kubelets are authorized by the node authorizer with NodeRules.
        Role("system:node", [.. NodeRules]),
        Role("system:node-proxier",
        [
            R(["list", "watch"], Core, "services", "endpoints"),
            R(["get", "list", "watch"], Core, "nodes"),
            EventsRule,
            R(["list", "watch"], ["discovery.k8s.io"], "endpointslices"),
        ]),
        // Full access to the kubelet's API (nodes/proxy), bound to nothing, as upstream.
        Role("system:kubelet-api-admin",
        [
            R(Read, Core, "nodes"),
            R("proxy", "", "nodes"),
            R(["*"], Core, "nodes/proxy", "nodes/metrics", "nodes/spec", "nodes/stats", "nodes/log"),
        ]),
        // Upstream's system:kube-dns role, widened to what the cluster DNS reads (as CoreDNS's own ClusterRole).
        Role("system:kube-dns",
        [
            R(["list", "watch"], Core, "services", "endpoints", "pods", "namespaces"),
            R(["list", "watch"], ["discovery.k8s.io"], "endpointslices"),
        ]),
        Role("system:kube-scheduler",
        [
            EventsRule,
            R("create", "coordination.k8s.io", "leases"),
            R(["get", "update"], ["coordination.k8s.io"], "leases").Named("kube-scheduler"),
            R("create", "", "endpoints"),
            R(["get", "update"], Core, "endpoints").Named("kube-scheduler"),
            R(Read, Core, "nodes"),
            R(["delete", "get", "list", "watch"], Core, "pods"),
            R("create", "", "pods/binding", "bindings"),
            R(["patch", "update"], Core, "pods/status"),
            R(Read, Core, "replicationcontrollers", "services"),
            R(Read, ["apps", "extensions"], "replicasets"),
            R(Read, ["apps"], "statefulsets"),
            R(Read, ["policy"], "poddisruptionbudgets"),
            R(Read, Core, "persistentvolumeclaims", "persistentvolumes"),
            R("create", "authentication.k8s.io", "tokenreviews"),
            R("create", "authorization.k8s.io", "subjectaccessreviews"),
            R(Read, ["storage.k8s.io"], "csinodes"),
            R(Read, Core, "namespaces"),
            R(Read, ["storage.k8s.io"], "csidrivers", "csistoragecapacities"),
        ]),
        Role("system:volume-scheduler",
        [
            R(["get", "list", "watch", "update", "patch"], Core, "persistentvolumes"),
            R(Read, ["storage.k8s.io"], "storageclasses"),
            R(["get", "list", "watch", "update", "patch"], Core, "persistentvolumeclaims"),
        ]),
        Role("system:kube-controller-manager",
        [
            EventsRule,
            R("create", "coordination.k8s.io", "leases"),
            R(["get", "update"], ["coordination.k8s.io"], "leases").Named("kube-controller-manager"),
            R("create", "", "endpoints"),
            R(["get", "update"], Core, "endpoints").Named("kube-controller-manager"),
            R(["create"], Core, "secrets", "serviceaccounts"),
            R("delete", "", "secrets"),
            R(["get"], Core, "namespaces", "secrets", "serviceaccounts"),
            R(["update"], Core, "secrets", "serviceaccounts"),
            R("create", "authentication.k8s.io", "tokenreviews"),
            R("create", "authorization.k8s.io", "subjectaccessreviews"),
            R(["list", "watch"], ["*"], "*"),
            R("create", "", "serviceaccounts/token"),
        ]),
        Role("system:controller:clusterrole-aggregation-controller",
        [
            R(["escalate", "get", "list", "watch", "update", "patch"], ["rbac.authorization.k8s.io"], "clusterroles"),
        ]),
    ];

    public static IReadOnlyList<JsonObject> ClusterRoleBindings() =>
    [
        Binding("cluster-admin", ("Group", Masters)),
        Binding("system:discovery", ("Group", Authenticated)),
        Binding("system:basic-user", ("Group", Authenticated)),
        Binding("system:public-info-viewer", ("Group", Authenticated), ("Group", Unauthenticated)),
        Binding("system:monitoring", ("Group", "system:monitoring")),
        Binding("system:node-proxier", ("User", "system:kube-proxy")),
        ServiceAccountBinding("system:kube-dns", "kube-system", "kube-dns"),
        Binding("system:kube-scheduler", ("User", "system:kube-scheduler")),
        Binding("system:volume-scheduler", ("User", "system:kube-scheduler")),
        Binding("system:kube-controller-manager", ("User", "system:kube-controller-manager")),
        // Upstream runs each controller under its own service account with its own system:controller:* role; this
        // controller manager runs every controller (and those added later) under one identity, so it holds what
        // those roles sum to: everything.
        Binding("chaoslab:kube-controller-manager:controllers", "cluster-admin", ("User", "system:kube-controller-manager")),
    ];

    private static JsonObject Role(string name, IReadOnlyList<PolicyRule> rules, params (string Role, string Value)[] aggregateTo)
    {
        var labels = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" };
        foreach (var (role, value) in aggregateTo)
        {
            labels[AggregateLabelPrefix + role] = value;
        }
        return new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1",
            ["kind"] = "ClusterRole",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = labels,
                ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
            },
            ["rules"] = new JsonArray([.. rules.Select(r => (JsonNode)r.ToJson())]),
        };
    }

    /// <summary>A role whose rules the clusterrole-aggregation controller fills from the roles labelled aggregate-to-NAME.</summary>
    private static JsonObject Aggregated(string name, string selectorRole, params (string Role, string Value)[] aggregateTo)
    {
        var role = Role(name, [], aggregateTo);
        role["aggregationRule"] = new JsonObject
        {
            ["clusterRoleSelectors"] = new JsonArray(new JsonObject
            {
                ["matchLabels"] = new JsonObject { [AggregateLabelPrefix + selectorRole] = "true" },
            }),
        };
        return role;
    }

    private static JsonObject Binding(string name, params (string Kind, string Name)[] subjects) => Binding(name, name, subjects);

    /// <summary>A binding of the role of the same name to one service account (which has no apiGroup, and a namespace).</summary>
    private static JsonObject ServiceAccountBinding(string name, string ns, string account)
    {
        var binding = Binding(name);
        binding["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = account, ["namespace"] = ns });
        return binding;
    }

    private static JsonObject Binding(string name, string role, params (string Kind, string Name)[] subjects) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["labels"] = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" },
            ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
        },
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = role },
        ["subjects"] = new JsonArray([.. subjects.Select(s => (JsonNode)new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = s.Kind, ["name"] = s.Name })]),
    };
}
