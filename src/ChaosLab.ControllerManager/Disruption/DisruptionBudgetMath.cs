using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.Disruption;

/// <summary>
/// The arithmetic of a PodDisruptionBudget's status, as upstream's disruption controller: how many pods are
/// expected and must stay healthy, which recorded disruptions still hold, how many pods are healthy, and how
/// many may be disrupted now.
/// </summary>
internal static class DisruptionBudgetMath
{
    /// <summary>How long an eviction recorded in status.disruptedPods keeps its pod out of currentHealthy (upstream's DeletionTimeout).</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether the expected count comes from the pods' controllers' scale: for maxUnavailable and for a percent
    /// minAvailable. An integer minAvailable counts the matching pods instead.
    /// </summary>
    public static bool NeedsScale(V1PodDisruptionBudgetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.MaxUnavailable is not null || (spec.MinAvailable is { } min && IsPercent(min));
    }

    /// <summary>expectedPods and desiredHealthy; <paramref name="scale"/> is the sum of the controllers' replicas when <see cref="NeedsScale"/>.</summary>
    public static (int Expected, int DesiredHealthy) Desired(V1PodDisruptionBudgetSpec spec, int podCount, int scale)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.MaxUnavailable is { } maxUnavailable)
        {
            var unavailable = IntOrPercent.Scaled(maxUnavailable, scale, roundUp: true, whenUnset: 0);
            return (scale, Math.Max(0, scale - unavailable));
        }
        if (spec.MinAvailable is { } minAvailable)
        {
            return IsPercent(minAvailable)
                ? (scale, IntOrPercent.Scaled(minAvailable, scale, roundUp: true, whenUnset: 0))
                : (podCount, IntOrPercent.Scaled(minAvailable, podCount, roundUp: true, whenUnset: 0));
        }
        return (podCount, 0);
    }

    /// <summary>
    /// The recorded disruptions that still stand: a pod evicted but not yet marked for deletion, within
    /// <see cref="DeletionTimeout"/>. <paramref name="recheckAt"/> is when the earliest of them lapses.
    /// </summary>
    public static Dictionary<string, DateTime?> StandingDisruptions(
        IDictionary<string, DateTime?>? recorded, IReadOnlyList<V1Pod> pods, DateTimeOffset now, out DateTimeOffset? recheckAt)
    {
        recheckAt = null;
        var standing = new Dictionary<string, DateTime?>(StringComparer.Ordinal);
        if (recorded is null)
        {
            return standing;
        }
        var byName = pods.ToDictionary(p => p.Metadata.Name, StringComparer.Ordinal);
        foreach (var (name, at) in recorded)
        {
            if (at is not { } time || !byName.TryGetValue(name, out var pod) || PodState.IsTerminating(pod))
            {
                continue;
            }
            var expires = PodState.Utc(time) + DeletionTimeout;
            if (expires < now)
            {
                continue;
            }
            standing[name] = at;
            recheckAt = recheckAt is null || expires < recheckAt ? expires : recheckAt;
        }
        return standing;
    }

    /// <summary>Ready pods that are neither terminating nor about to be deleted by an eviction.</summary>
    public static int CountHealthy(IReadOnlyList<V1Pod> pods, IReadOnlyDictionary<string, DateTime?> disrupted) =>
        pods.Count(p => !PodState.IsTerminating(p) && !disrupted.ContainsKey(p.Metadata.Name) && PodState.IsReady(p));

    public static int DisruptionsAllowed(int currentHealthy, int desiredHealthy, int expected) =>
        expected <= 0 ? 0 : Math.Max(0, currentHealthy - desiredHealthy);

    private static bool IsPercent(IntOrString value) => value.Value?.EndsWith('%') == true;
}
