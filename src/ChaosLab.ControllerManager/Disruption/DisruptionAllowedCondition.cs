using k8s.Models;

namespace ChaosLab.ControllerManager.Disruption;

/// <summary>The DisruptionAllowed condition of a PodDisruptionBudget, set as apimeta.SetStatusCondition does (time moves only on a status change).</summary>
internal static class DisruptionAllowedCondition
{
    public const string Type = "DisruptionAllowed";

    public static void Set(V1PodDisruptionBudgetStatus status, string conditionStatus, string reason, string message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        status.Conditions ??= [];
        var existing = status.Conditions.FirstOrDefault(c => c.Type == Type);
        if (existing is null)
        {
            existing = new V1Condition { Type = Type, LastTransitionTime = now.UtcDateTime };
            status.Conditions.Add(existing);
        }
        else if (existing.Status != conditionStatus)
        {
            existing.LastTransitionTime = now.UtcDateTime;
        }
        existing.Status = conditionStatus;
        existing.Reason = reason;
        existing.Message = message;
        existing.ObservedGeneration = status.ObservedGeneration;
    }

    /// <summary>The condition says what disruptionsAllowed says, for the generation observed.</summary>
    public static bool UpToDate(V1PodDisruptionBudgetStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var condition = status.Conditions?.FirstOrDefault(c => c.Type == Type);
        if (condition is null || condition.ObservedGeneration != status.ObservedGeneration)
        {
            return false;
        }
        return status.DisruptionsAllowed > 0
            ? condition.Status == "True" && condition.Reason == "SufficientPods"
            : condition.Status == "False" && condition.Reason == "InsufficientPods";
    }

    public static void FromAllowed(V1PodDisruptionBudgetStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.DisruptionsAllowed > 0)
        {
            Set(status, "True", "SufficientPods", "", now);
        }
        else
        {
            Set(status, "False", "InsufficientPods", "", now);
        }
    }
}
