using k8s.Models;

namespace ChaosLab.ControllerManager.Deployments;

/// <summary>Deployment conditions with upstream's reasons and set/remove semantics.</summary>
internal static class DeploymentConditions
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string ReplicaFailure = "ReplicaFailure";

    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";
    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    public const string FoundNewReplicaSet = "FoundNewReplicaSet";
    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    public const string DeploymentPaused = "DeploymentPaused";
    public const string DeploymentResumed = "DeploymentResumed";

    public static V1DeploymentCondition? Get(V1DeploymentStatus? status, string type) =>
        status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static V1DeploymentCondition New(string type, string status, string reason, string message, DateTimeOffset now) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        LastUpdateTime = now.UtcDateTime,
        LastTransitionTime = now.UtcDateTime,
    };

    /// <summary>
    /// Sets a condition; nothing changes if one with the same status and reason exists, and the
    /// transition time is kept while the status stays the same.
    /// </summary>
    public static void Set(V1DeploymentStatus status, V1DeploymentCondition condition)
    {
        var current = Get(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason)
        {
            return;
        }
        if (current is not null && current.Status == condition.Status)
        {
            condition.LastTransitionTime = current.LastTransitionTime;
        }
        Remove(status, condition.Type);
        status.Conditions ??= [];
        status.Conditions.Add(condition);
    }

    public static void Remove(V1DeploymentStatus status, string type)
    {
        if (status.Conditions is null)
        {
            return;
        }
        status.Conditions = [.. status.Conditions.Where(c => c.Type != type)];
    }
}
