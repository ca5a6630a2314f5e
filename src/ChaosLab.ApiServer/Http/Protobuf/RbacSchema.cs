using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api rbac/v1: Role, ClusterRole, RoleBinding, ClusterRoleBinding (what `kubectl create role|rolebinding`
/// sends). Numbers from upstream's generated.proto (v0.32).
/// </summary>
internal static class RbacSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["rbac.Role"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = Messages("rules", "rbac.PolicyRule") },
        ["rbac.ClusterRole"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Messages("rules", "rbac.PolicyRule"), [3] = MessagePtr("aggregationRule", "rbac.AggregationRule"),
        },
        ["rbac.AggregationRule"] = new() { [1] = Messages("clusterRoleSelectors", "meta.LabelSelector") },
        ["rbac.PolicyRule"] = new()
        {
            [1] = Strs("verbs"), [2] = Strs("apiGroups"), [3] = Strs("resources"), [4] = Strs("resourceNames"), [5] = Strs("nonResourceURLs"),
        },
        ["rbac.RoleBinding"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Messages("subjects", "rbac.Subject"), [3] = Message("roleRef", "rbac.RoleRef"),
        },
        ["rbac.ClusterRoleBinding"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Messages("subjects", "rbac.Subject"), [3] = Message("roleRef", "rbac.RoleRef"),
        },
        ["rbac.Subject"] = new() { [1] = Str("kind"), [2] = Str("apiGroup"), [3] = Str("name"), [4] = Str("namespace") },
        ["rbac.RoleRef"] = new() { [1] = Str("apiGroup"), [2] = Str("kind"), [3] = Str("name") },
    };
}
