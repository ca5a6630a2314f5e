using k8s.Models;

namespace ChaosLab.ControllerManager.Jobs;

/// <summary>A Job's condition types and reasons as upstream's job controller writes them (1.31+).</summary>
internal static class JobConditions
{
    public const string Complete = "Complete";
    public const string Failed = "Failed";
    public const string SuccessCriteriaMet = "SuccessCriteriaMet";
    public const string FailureTarget = "FailureTarget";
    public const string Suspended = "Suspended";

    public const string CompletionsReached = "CompletionsReached";
    public const string BackoffLimitExceeded = "BackoffLimitExceeded";
    public const string DeadlineExceeded = "DeadlineExceeded";

    public static V1JobCondition? Find(V1JobStatus? status, string type) =>
        status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(V1JobStatus? status, string type) => Find(status, type)?.Status == "True";

    /// <summary>Complete=True or Failed=True: the Job is over and never runs again.</summary>
    public static bool IsFinished(V1JobStatus? status) => IsTrue(status, Complete) || IsTrue(status, Failed);

    /// <summary>Sets a condition, keeping its transition time when its status does not change (upstream's ensureJobConditionStatus).</summary>
    public static void Set(V1JobStatus status, string type, string conditionStatus, string reason, string message, DateTime now)
    {
        status.Conditions ??= [];
        var existing = status.Conditions.FirstOrDefault(c => c.Type == type);
        if (existing is null)
        {
            status.Conditions.Add(new V1JobCondition
            {
                Type = type, Status = conditionStatus, Reason = reason, Message = message, LastProbeTime = now, LastTransitionTime = now,
            });
            return;
        }
        if (existing.Status != conditionStatus || existing.Reason != reason || existing.Message != message)
        {
            if (existing.Status != conditionStatus) existing.LastTransitionTime = now;
            existing.Status = conditionStatus;
            existing.Reason = reason;
            existing.Message = message;
            existing.LastProbeTime = now;
        }
    }
}
