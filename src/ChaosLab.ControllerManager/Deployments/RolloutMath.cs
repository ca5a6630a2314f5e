using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.Deployments;

/// <summary>
/// The arithmetic of a rollout (deployment/util/deployment_util.go): surge and unavailability bounds,
/// how far the new ReplicaSet may grow, and proportional shares when a deployment is scaled mid-rollout.
/// </summary>
internal static class RolloutMath
{
    public const string RollingUpdate = "RollingUpdate";
    public const string Recreate = "Recreate";

    // apps/v1 defaults, used when a stored object lacks them.
    private static readonly IntOrString DefaultBound = "25%";

    public static int Replicas(V1Deployment d) => d.Spec?.Replicas ?? 1;

    public static int Replicas(V1ReplicaSet rs) => rs.Spec?.Replicas ?? 1;

    public static bool IsRollingUpdate(V1Deployment d) => (d.Spec?.Strategy?.Type ?? RollingUpdate) == RollingUpdate;

    /// <summary>
    /// maxSurge rounds up and maxUnavailable rounds down, so 25%/25% of 6 is surge 2, unavailable 1;
    /// if both come out 0 the rollout could never move, so unavailable becomes 1.
    /// </summary>
    public static (int Surge, int Unavailable) ResolveFenceposts(IntOrString? maxSurge, IntOrString? maxUnavailable, int desired)
    {
        var surge = IntOrPercent.Scaled(maxSurge ?? DefaultBound, desired, roundUp: true, whenUnset: 0);
        var unavailable = IntOrPercent.Scaled(maxUnavailable ?? DefaultBound, desired, roundUp: false, whenUnset: 0);
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }
        return (surge, unavailable);
    }

    public static int MaxSurge(V1Deployment d)
    {
        if (!IsRollingUpdate(d))
        {
            return 0;
        }
        var rolling = d.Spec?.Strategy?.RollingUpdate;
        return ResolveFenceposts(rolling?.MaxSurge, rolling?.MaxUnavailable, Replicas(d)).Surge;
    }

    public static int MaxUnavailable(V1Deployment d)
    {
        var replicas = Replicas(d);
        if (!IsRollingUpdate(d) || replicas == 0)
        {
            return 0;
        }
        var rolling = d.Spec?.Strategy?.RollingUpdate;
        return Math.Min(ResolveFenceposts(rolling?.MaxSurge, rolling?.MaxUnavailable, replicas).Unavailable, replicas);
    }

    public static int SpecReplicas(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs is null ? 0 : Replicas(rs));

    public static int ActualReplicas(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs?.Status?.Replicas ?? 0);

    public static int ReadyReplicas(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs?.Status?.ReadyReplicas ?? 0);

    public static int AvailableReplicas(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs?.Status?.AvailableReplicas ?? 0);

    /// <summary>ReplicaSets with spec.replicas > 0.</summary>
    public static IEnumerable<V1ReplicaSet> Active(IEnumerable<V1ReplicaSet?> sets) =>
        sets.Where(rs => rs is not null && Replicas(rs) > 0).Select(rs => rs!);

    /// <summary>
    /// How big the new ReplicaSet may be now (upstream's NewRSNewReplicas): rolling updates grow it
    /// until all pods together reach replicas + maxSurge; Recreate jumps to the full count.
    /// </summary>
    public static int NewReplicaSetReplicas(V1Deployment d, IEnumerable<V1ReplicaSet> all, V1ReplicaSet newRs)
    {
        var desired = Replicas(d);
        if (!IsRollingUpdate(d))
        {
            return desired;
        }
        var current = Replicas(newRs);
        var maxTotal = desired + MaxSurge(d);
        var podCount = SpecReplicas(all);
        if (podCount >= maxTotal)
        {
            return current;
        }
        var scaleUp = Math.Min(maxTotal - podCount, desired - current);
        return current + scaleUp;
    }

    /// <summary>The new ReplicaSet runs the full count, all available, and was last scaled for this size.</summary>
    public static bool IsSaturated(V1Deployment d, V1ReplicaSet? rs) =>
        rs is not null
        && Replicas(rs) == Replicas(d)
        && DeploymentAnnotations.DesiredReplicasOf(rs) == Replicas(d)
        && (rs.Status?.AvailableReplicas ?? 0) == Replicas(d);

    /// <summary>
    /// This ReplicaSet's share of <paramref name="toAdd"/> (negative when scaling down), capped by what
    /// is left to hand out (upstream's GetReplicaSetProportion).
    /// </summary>
    public static int Proportion(V1ReplicaSet rs, V1Deployment d, int toAdd, int added)
    {
        if (Replicas(rs) == 0 || toAdd == 0 || toAdd == added)
        {
            return 0;
        }
        var fraction = Fraction(rs, d);
        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    /// <summary>
    /// The replicas this ReplicaSet gains or loses if it keeps its share of the deployment: its size
    /// times the new maximum over the maximum it was last scaled for.
    /// </summary>
    private static int Fraction(V1ReplicaSet rs, V1Deployment d)
    {
        if (Replicas(d) == 0)
        {
            return -Replicas(rs);
        }
        var newMax = Replicas(d) + MaxSurge(d);
        var oldMax = DeploymentAnnotations.MaxReplicasOf(rs) is { } annotated and not 0 ? annotated : d.Status?.Replicas ?? 0;
        if (oldMax == 0)
        {
            return 0;
        }
        var newSize = (double)Replicas(rs) * newMax / oldMax;
        // Go's math.Round: halves away from zero (C#'s default would round to even).
        return (int)Math.Round(newSize, MidpointRounding.AwayFromZero) - Replicas(rs);
    }
}
