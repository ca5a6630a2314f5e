using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api apps/v1: Deployment and ReplicaSet; their pod template is core.PodTemplateSpec. Numbers from upstream's
/// generated.proto (v0.32).
/// </summary>
internal static class AppsSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["apps.Deployment"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "apps.DeploymentSpec"),
            [3] = Message("status", "apps.DeploymentStatus"),
        },
        ["apps.ReplicaSet"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "apps.ReplicaSetSpec"),
            [3] = Message("status", "apps.ReplicaSetStatus"),
        },
        ["apps.DeploymentSpec"] = new()
        {
            [1] = I32Ptr("replicas"), [2] = MessagePtr("selector", "meta.LabelSelector"), [3] = Message("template", "core.PodTemplateSpec"),
            [4] = Message("strategy", "apps.DeploymentStrategy"), [5] = I32("minReadySeconds"), [6] = I32Ptr("revisionHistoryLimit"),
            [7] = Bool("paused"), [9] = I32Ptr("progressDeadlineSeconds"),
        },
        ["apps.DeploymentStatus"] = new()
        {
            [1] = I64("observedGeneration"), [2] = I32("replicas"), [3] = I32("updatedReplicas"), [4] = I32("availableReplicas"),
            [5] = I32("unavailableReplicas"), [6] = Messages("conditions", "apps.DeploymentCondition"), [7] = I32("readyReplicas"),
            [8] = I32Ptr("collisionCount"),
        },
        ["apps.ReplicaSetSpec"] = new()
        {
            [1] = I32Ptr("replicas"), [2] = MessagePtr("selector", "meta.LabelSelector"), [3] = Message("template", "core.PodTemplateSpec"),
            [4] = I32("minReadySeconds"),
        },
        ["apps.ReplicaSetStatus"] = new()
        {
            [1] = I32("replicas"), [2] = I32("fullyLabeledReplicas"), [3] = I64("observedGeneration"), [4] = I32("readyReplicas"),
            [5] = I32("availableReplicas"), [6] = Messages("conditions", "apps.ReplicaSetCondition"),
        },
        ["apps.DeploymentStrategy"] = new() { [1] = Str("type"), [2] = MessagePtr("rollingUpdate", "apps.RollingUpdateDeployment") },
        ["apps.DeploymentCondition"] = new()
        {
            [1] = Str("type"), [2] = Str("status"), [4] = Str("reason"), [5] = Str("message"), [6] = Time("lastUpdateTime"),
            [7] = Time("lastTransitionTime"),
        },
        ["apps.ReplicaSetCondition"] = new()
        {
            [1] = Str("type"), [2] = Str("status"), [3] = Time("lastTransitionTime"), [4] = Str("reason"), [5] = Str("message"),
        },
        ["apps.RollingUpdateDeployment"] = new() { [1] = IntOrStringPtr("maxUnavailable"), [2] = IntOrStringPtr("maxSurge") },
    };
}
