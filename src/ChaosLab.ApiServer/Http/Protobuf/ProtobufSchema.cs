namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// The messages this server decodes, by schema name ("core.PodSpec", "apps.Deployment", "meta.ObjectMeta"), and the
/// message each top-level kind starts from. Field numbers, JSON names and pointer-ness are upstream's: the
/// generated.proto and types.go of k8s.io/api and k8s.io/apimachinery at v0.32 (the version this server reports).
/// </summary>
internal static class ProtobufSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new[]
    {
        MetaSchema.Messages, CorePodSchema.Messages, CoreVolumeSchema.Messages, CoreSchema.Messages, AppsSchema.Messages,
        DiscoverySchema.Messages, CoordinationSchema.Messages, SubresourceSchema.Messages, RbacSchema.Messages, ReviewSchema.Messages,
    }.SelectMany(part => part).ToDictionary(entry => entry.Key, entry => entry.Value);

    /// <summary>
    /// Every kind a client may send as a body: the served resources (ResourceCatalog) and the bodies of their
    /// subresources (pods/binding, pods/eviction, */scale). DeleteOptions, which a typed client's Delete sends under its
    /// own group's apiVersion, is matched by kind alone.
    /// </summary>
    private static readonly Dictionary<(string ApiVersion, string Kind), string> Kinds = new()
    {
        [("v1", "Namespace")] = "core.Namespace",
        [("v1", "Node")] = "core.Node",
        [("v1", "Pod")] = "core.Pod",
        [("v1", "Service")] = "core.Service",
        [("v1", "Endpoints")] = "core.Endpoints",
        [("v1", "Event")] = "core.Event",
        [("v1", "ConfigMap")] = "core.ConfigMap",
        [("v1", "Secret")] = "core.Secret",
        [("v1", "ServiceAccount")] = "core.ServiceAccount",
        [("v1", "Binding")] = "core.Binding",
        [("apps/v1", "Deployment")] = "apps.Deployment",
        [("apps/v1", "ReplicaSet")] = "apps.ReplicaSet",
        [("discovery.k8s.io/v1", "EndpointSlice")] = "discovery.EndpointSlice",
        [("coordination.k8s.io/v1", "Lease")] = "coordination.Lease",
        [("policy/v1", "Eviction")] = "policy.Eviction",
        [("autoscaling/v1", "Scale")] = "autoscaling.Scale",
        [("rbac.authorization.k8s.io/v1", "Role")] = "rbac.Role",
        [("rbac.authorization.k8s.io/v1", "ClusterRole")] = "rbac.ClusterRole",
        [("rbac.authorization.k8s.io/v1", "RoleBinding")] = "rbac.RoleBinding",
        [("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")] = "rbac.ClusterRoleBinding",
        [("authorization.k8s.io/v1", "SubjectAccessReview")] = "authorization.SubjectAccessReview",
        [("authorization.k8s.io/v1", "SelfSubjectAccessReview")] = "authorization.SelfSubjectAccessReview",
        [("authorization.k8s.io/v1", "LocalSubjectAccessReview")] = "authorization.LocalSubjectAccessReview",
        [("authorization.k8s.io/v1", "SelfSubjectRulesReview")] = "authorization.SelfSubjectRulesReview",
        [("authentication.k8s.io/v1", "TokenReview")] = "authentication.TokenReview",
        [("authentication.k8s.io/v1", "SelfSubjectReview")] = "authentication.SelfSubjectReview",
    };

    public static IEnumerable<(string ApiVersion, string Kind)> TopLevelKinds => Kinds.Keys;

    /// <summary>
/// The message a body of this apiVersion and kind decodes as, or null when this server decodes no such kind.
/// </summary>
    public static string? MessageFor(string apiVersion, string kind) =>
        kind == "DeleteOptions" ? "meta.DeleteOptions" : Kinds.GetValueOrDefault((apiVersion, kind));
}
