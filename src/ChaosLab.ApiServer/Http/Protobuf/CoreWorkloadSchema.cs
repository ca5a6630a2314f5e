using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api core/v1: ReplicationController and PodTemplate (their pod template is core.PodTemplateSpec). Numbers from
/// upstream's generated.proto (v0.32).
/// </summary>
internal static class CoreWorkloadSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["core.ReplicationController"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "core.ReplicationControllerSpec"),
            [3] = Message("status", "core.ReplicationControllerStatus"),
        },
        ["core.PodTemplate"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("template", "core.PodTemplateSpec") },
        ["core.ReplicationControllerSpec"] = new()
        {
            [1] = I32Ptr("replicas"), [2] = StrMap("selector"), [3] = MessagePtr("template", "core.PodTemplateSpec"), [4] = I32("minReadySeconds"),
        },
        ["core.ReplicationControllerStatus"] = new()
        {
            [1] = I32("replicas"), [2] = I32("fullyLabeledReplicas"), [3] = I64("observedGeneration"), [4] = I32("readyReplicas"),
            [5] = I32("availableReplicas"), [6] = Messages("conditions", "core.ReplicationControllerCondition"),
        },
        ["core.ReplicationControllerCondition"] = new()
        {
            [1] = Str("type"), [2] = Str("status"), [3] = Time("lastTransitionTime"), [4] = Str("reason"), [5] = Str("message"),
        },
    };
}
