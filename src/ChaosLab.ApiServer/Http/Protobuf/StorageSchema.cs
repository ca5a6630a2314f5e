using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api storage.k8s.io/v1: StorageClass (its topology terms are core's). Numbers from upstream's generated.proto
/// (v0.32).
/// </summary>
internal static class StorageSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["storage.StorageClass"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Str("provisioner"), [3] = StrMap("parameters"), [4] = StrPtr("reclaimPolicy"),
            [5] = Strs("mountOptions"), [6] = BoolPtr("allowVolumeExpansion"), [7] = StrPtr("volumeBindingMode"),
            [8] = Messages("allowedTopologies", "core.TopologySelectorTerm"),
        },
    };
}
