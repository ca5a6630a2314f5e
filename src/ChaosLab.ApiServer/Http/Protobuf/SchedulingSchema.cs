using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api scheduling.k8s.io/v1: PriorityClass. Numbers from upstream's generated.proto (v0.32).
/// </summary>
internal static class SchedulingSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["scheduling.PriorityClass"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = I32("value"), [3] = Bool("globalDefault"), [4] = Str("description"),
            [5] = StrPtr("preemptionPolicy"),
        },
    };
}
