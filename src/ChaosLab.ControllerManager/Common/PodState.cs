using k8s.Models;

namespace ChaosLab.ControllerManager.Common;

/// <summary>Pod predicates the workload and endpoint controllers share (upstream's podutil and controller_utils).</summary>
internal static class PodState
{
    public const string Ready = "Ready";

    /// <summary>
    /// A pod that still counts towards a ReplicaSet: not finished and not being deleted. Terminating
    /// pods (e.g. evicted from a lost node) do not count, so replacements are created at once.
    /// </summary>
    public static bool IsActive(V1Pod pod) =>
        pod.Status?.Phase is not ("Succeeded" or "Failed") && pod.Metadata?.DeletionTimestamp is null;

    public static bool IsTerminating(V1Pod pod) => pod.Metadata?.DeletionTimestamp is not null;

    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    public static V1PodCondition? Condition(V1Pod pod, string type) =>
        pod.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsReady(V1Pod pod) => Condition(pod, Ready)?.Status == "True";

    /// <summary>Ready for at least <paramref name="minReadySeconds"/> (upstream's IsPodAvailable).</summary>
    public static bool IsAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        var ready = Condition(pod, Ready);
        if (ready?.Status != "True")
        {
            return false;
        }
        if (minReadySeconds <= 0)
        {
            return true;
        }
        return ready.LastTransitionTime is { } since && Utc(since).AddSeconds(minReadySeconds) < now;
    }

    /// <summary>When a ready pod will count as available; null if it already does or is not ready.</summary>
    public static DateTimeOffset? AvailableAt(V1Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        var ready = Condition(pod, Ready);
        if (ready?.Status != "True" || minReadySeconds <= 0 || ready.LastTransitionTime is not { } since)
        {
            return null;
        }
        var at = Utc(since).AddSeconds(minReadySeconds);
        return at >= now ? at : null;
    }

    public static int MaxContainerRestarts(V1Pod pod) =>
        pod.Status?.ContainerStatuses?.Select(s => s.RestartCount).DefaultIfEmpty(0).Max() ?? 0;

    /// <summary>KubernetesClient hands out timestamps as DateTime of unspecified kind; they are UTC on the wire.</summary>
    public static DateTimeOffset Utc(DateTime time) =>
        new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
