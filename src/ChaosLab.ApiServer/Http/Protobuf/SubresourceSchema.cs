using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// The bodies of subresources: pods/binding (core/v1 Binding), pods/eviction (policy/v1 Eviction), */scale
/// (autoscaling/v1 Scale), serviceaccounts/token (authentication/v1 TokenRequest). Numbers from upstream's generated.proto (v0.32).
/// </summary>
internal static class SubresourceSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["core.Binding"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("target", "core.ObjectReference") },
        ["policy.Eviction"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = MessagePtr("deleteOptions", "meta.DeleteOptions") },
        ["autoscaling.Scale"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "autoscaling.ScaleSpec"),
            [3] = Message("status", "autoscaling.ScaleStatus"),
        },
        ["authentication.TokenRequest"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "authentication.TokenRequestSpec"),
            [3] = Message("status", "authentication.TokenRequestStatus"),
        },
        ["authentication.TokenRequestSpec"] = new()
        {
            [1] = Strs("audiences"), [3] = MessagePtr("boundObjectRef", "authentication.BoundObjectReference"), [4] = I64Ptr("expirationSeconds"),
        },
        ["authentication.BoundObjectReference"] = new() { [1] = Str("kind"), [2] = Str("apiVersion"), [3] = Str("name"), [4] = Str("uid") },
        ["authentication.TokenRequestStatus"] = new() { [1] = Str("token"), [2] = Time("expirationTimestamp") },
        ["autoscaling.ScaleSpec"] = new() { [1] = I32("replicas") },
        ["autoscaling.ScaleStatus"] = new() { [1] = I32("replicas"), [2] = Str("selector") },
    };
}
