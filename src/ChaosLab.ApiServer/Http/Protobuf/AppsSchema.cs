using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api apps/v1: Deployment, ReplicaSet, DaemonSet, StatefulSet and ControllerRevision; their pod template is
/// core.PodTemplateSpec, a StatefulSet's claim templates are core.PersistentVolumeClaim. Numbers from upstream's
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
        ["apps.DaemonSet"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "apps.DaemonSetSpec"),
            [3] = Message("status", "apps.DaemonSetStatus"),
        },
        ["apps.StatefulSet"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "apps.StatefulSetSpec"),
            [3] = Message("status", "apps.StatefulSetStatus"),
        },
        ["apps.ControllerRevision"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = RawExtension("data"), [3] = I64("revision") },
        ["apps.DaemonSetSpec"] = new()
        {
            [1] = MessagePtr("selector", "meta.LabelSelector"), [2] = Message("template", "core.PodTemplateSpec"),
            [3] = Message("updateStrategy", "apps.DaemonSetUpdateStrategy"), [4] = I32("minReadySeconds"), [6] = I32Ptr("revisionHistoryLimit"),
        },
        ["apps.DaemonSetStatus"] = new()
        {
            [1] = I32("currentNumberScheduled"), [2] = I32("numberMisscheduled"), [3] = I32("desiredNumberScheduled"), [4] = I32("numberReady"),
            [5] = I64("observedGeneration"), [6] = I32("updatedNumberScheduled"), [7] = I32("numberAvailable"), [8] = I32("numberUnavailable"),
            [9] = I32Ptr("collisionCount"), [10] = Messages("conditions", "apps.DaemonSetCondition"),
        },
        ["apps.StatefulSetSpec"] = new()
        {
            [1] = I32Ptr("replicas"), [2] = MessagePtr("selector", "meta.LabelSelector"), [3] = Message("template", "core.PodTemplateSpec"),
            [4] = Messages("volumeClaimTemplates", "core.PersistentVolumeClaim"), [5] = Str("serviceName"), [6] = Str("podManagementPolicy"),
            [7] = Message("updateStrategy", "apps.StatefulSetUpdateStrategy"), [8] = I32Ptr("revisionHistoryLimit"), [9] = I32("minReadySeconds"),
            [10] = MessagePtr("persistentVolumeClaimRetentionPolicy", "apps.StatefulSetPersistentVolumeClaimRetentionPolicy"),
            [11] = MessagePtr("ordinals", "apps.StatefulSetOrdinals"),
        },
        ["apps.StatefulSetStatus"] = new()
        {
            [1] = I64("observedGeneration"), [2] = I32("replicas"), [3] = I32("readyReplicas"), [4] = I32("currentReplicas"),
            [5] = I32("updatedReplicas"), [6] = Str("currentRevision"), [7] = Str("updateRevision"), [9] = I32Ptr("collisionCount"),
            [10] = Messages("conditions", "apps.StatefulSetCondition"), [11] = I32("availableReplicas"),
        },
        ["apps.DaemonSetUpdateStrategy"] = new() { [1] = Str("type"), [2] = MessagePtr("rollingUpdate", "apps.RollingUpdateDaemonSet") },
        ["apps.DaemonSetCondition"] = new()
        {
            [1] = Str("type"), [2] = Str("status"), [3] = Time("lastTransitionTime"), [4] = Str("reason"), [5] = Str("message"),
        },
        ["apps.StatefulSetUpdateStrategy"] = new() { [1] = Str("type"), [2] = MessagePtr("rollingUpdate", "apps.RollingUpdateStatefulSetStrategy") },
        ["apps.StatefulSetPersistentVolumeClaimRetentionPolicy"] = new() { [1] = Str("whenDeleted"), [2] = Str("whenScaled") },
        ["apps.StatefulSetOrdinals"] = new() { [1] = I32("start") },
        ["apps.StatefulSetCondition"] = new()
        {
            [1] = Str("type"), [2] = Str("status"), [3] = Time("lastTransitionTime"), [4] = Str("reason"), [5] = Str("message"),
        },
        ["apps.RollingUpdateDaemonSet"] = new() { [1] = IntOrStringPtr("maxUnavailable"), [2] = IntOrStringPtr("maxSurge") },
        ["apps.RollingUpdateStatefulSetStrategy"] = new() { [1] = I32Ptr("partition"), [2] = IntOrStringPtr("maxUnavailable") },
    };
}
