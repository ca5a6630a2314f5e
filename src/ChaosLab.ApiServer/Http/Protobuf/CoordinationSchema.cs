using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api coordination/v1: Lease (its times are MicroTime). Numbers from upstream's generated.proto (v0.32).
/// </summary>
internal static class CoordinationSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["coordination.Lease"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "coordination.LeaseSpec") },
        ["coordination.LeaseSpec"] = new()
        {
            [1] = StrPtr("holderIdentity"), [2] = I32Ptr("leaseDurationSeconds"), [3] = MicroTimePtr("acquireTime"), [4] = MicroTimePtr("renewTime"),
            [5] = I32Ptr("leaseTransitions"), [6] = StrPtr("strategy"), [7] = StrPtr("preferredHolder"),
        },
    };
}
