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
        ["autoscaling.ScaleSpec"] = new() { [1] = I32("replicas") },
        ["autoscaling.ScaleStatus"] = new() { [1] = I32("replicas"), [2] = Str("selector") },
    };
}
