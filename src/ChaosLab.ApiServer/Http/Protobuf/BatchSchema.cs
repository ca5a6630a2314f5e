using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api batch/v1: Job and CronJob; a Job's pod template is core.PodTemplateSpec. Numbers from upstream's
/// generated.proto (v0.32).
/// </summary>
internal static class BatchSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["batch.Job"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "batch.JobSpec"), [3] = Message("status", "batch.JobStatus"),
        },
        ["batch.CronJob"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "batch.CronJobSpec"), [3] = Message("status", "batch.CronJobStatus"),
        },
        ["batch.JobSpec"] = new()
        {
            [1] = I32Ptr("parallelism"), [2] = I32Ptr("completions"), [3] = I64Ptr("activeDeadlineSeconds"),
            [4] = MessagePtr("selector", "meta.LabelSelector"), [5] = BoolPtr("manualSelector"), [6] = Message("template", "core.PodTemplateSpec"),
            [7] = I32Ptr("backoffLimit"), [8] = I32Ptr("ttlSecondsAfterFinished"), [9] = StrPtr("completionMode"), [10] = BoolPtr("suspend"),
            [11] = MessagePtr("podFailurePolicy", "batch.PodFailurePolicy"), [12] = I32Ptr("backoffLimitPerIndex"),
            [13] = I32Ptr("maxFailedIndexes"), [14] = StrPtr("podReplacementPolicy"), [15] = StrPtr("managedBy"),
            [16] = MessagePtr("successPolicy", "batch.SuccessPolicy"),
        },
        ["batch.JobStatus"] = new()
        {
            [1] = Messages("conditions", "batch.JobCondition"), [2] = TimePtr("startTime"), [3] = TimePtr("completionTime"), [4] = I32("active"),
            [5] = I32("succeeded"), [6] = I32("failed"), [7] = Str("completedIndexes"),
            [8] = MessagePtr("uncountedTerminatedPods", "batch.UncountedTerminatedPods"), [9] = I32Ptr("ready"), [10] = StrPtr("failedIndexes"),
            [11] = I32Ptr("terminating"),
        },
        ["batch.CronJobSpec"] = new()
        {
            [1] = Str("schedule"), [2] = I64Ptr("startingDeadlineSeconds"), [3] = Str("concurrencyPolicy"), [4] = BoolPtr("suspend"),
            [5] = Message("jobTemplate", "batch.JobTemplateSpec"), [6] = I32Ptr("successfulJobsHistoryLimit"),
            [7] = I32Ptr("failedJobsHistoryLimit"), [8] = StrPtr("timeZone"),
        },
        ["batch.CronJobStatus"] = new()
        {
            [1] = Messages("active", "core.ObjectReference"), [4] = TimePtr("lastScheduleTime"), [5] = TimePtr("lastSuccessfulTime"),
        },
        ["batch.PodFailurePolicy"] = new() { [1] = Messages("rules", "batch.PodFailurePolicyRule") },
        ["batch.SuccessPolicy"] = new() { [1] = Messages("rules", "batch.SuccessPolicyRule") },
        ["batch.JobCondition"] = new()
        {
            [1] = Str("type"), [2] = Str("status"), [3] = Time("lastProbeTime"), [4] = Time("lastTransitionTime"), [5] = Str("reason"),
            [6] = Str("message"),
        },
        ["batch.UncountedTerminatedPods"] = new() { [1] = Strs("succeeded"), [2] = Strs("failed") },
        ["batch.JobTemplateSpec"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "batch.JobSpec") },
        ["batch.PodFailurePolicyRule"] = new()
        {
            [1] = Str("action"), [2] = MessagePtr("onExitCodes", "batch.PodFailurePolicyOnExitCodesRequirement"),
            [3] = Messages("onPodConditions", "batch.PodFailurePolicyOnPodConditionsPattern"),
        },
        ["batch.SuccessPolicyRule"] = new() { [1] = StrPtr("succeededIndexes"), [2] = I32Ptr("succeededCount") },
        ["batch.PodFailurePolicyOnExitCodesRequirement"] = new() { [1] = StrPtr("containerName"), [2] = Str("operator"), [3] = I32s("values") },
        ["batch.PodFailurePolicyOnPodConditionsPattern"] = new() { [1] = Str("type"), [2] = Str("status") },
    };
}
