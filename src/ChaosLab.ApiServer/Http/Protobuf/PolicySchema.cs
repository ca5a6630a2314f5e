using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api policy/v1: PodDisruptionBudget (pods/eviction's Eviction is in SubresourceSchema). Numbers from
/// upstream's generated.proto (v0.32).
/// </summary>
internal static class PolicySchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["policy.PodDisruptionBudget"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "policy.PodDisruptionBudgetSpec"),
            [3] = Message("status", "policy.PodDisruptionBudgetStatus"),
        },
        ["policy.PodDisruptionBudgetSpec"] = new()
        {
            [1] = IntOrStringPtr("minAvailable"), [2] = MessagePtr("selector", "meta.LabelSelector"), [3] = IntOrStringPtr("maxUnavailable"),
            [4] = StrPtr("unhealthyPodEvictionPolicy"),
        },
        ["policy.PodDisruptionBudgetStatus"] = new()
        {
            [1] = I64("observedGeneration"), [2] = TimeMap("disruptedPods"), [3] = I32("disruptionsAllowed"), [4] = I32("currentHealthy"),
            [5] = I32("desiredHealthy"), [6] = I32("expectedPods"), [7] = Messages("conditions", "meta.Condition"),
        },
    };
}
