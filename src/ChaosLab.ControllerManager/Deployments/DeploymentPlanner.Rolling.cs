using k8s.Models;

namespace ChaosLab.ControllerManager.Deployments;

/// <summary>Rolling update steps: grow the new ReplicaSet within surge, shrink old ones within unavailability.</summary>
internal sealed partial class DeploymentPlanner
{
    /// <summary>Grow (or shrink) the new ReplicaSet within replicas + maxSurge.</summary>
    private bool ReconcileNewReplicaSet(List<V1ReplicaSet> all, V1ReplicaSet newRs)
    {
        var desired = RolloutMath.Replicas(_d);
        var current = RolloutMath.Replicas(newRs);
        if (current == desired)
        {
            return false;
        }
        if (current > desired)
        {
            return ScaleAndRecord(newRs, desired);
        }
        return ScaleAndRecord(newRs, RolloutMath.NewReplicaSetReplicas(_d, all, newRs));
    }

    /// <summary>
    /// Shrink old ReplicaSets without going below replicas - maxUnavailable available pods: first their
    /// unhealthy pods (which cost no availability), then healthy ones as new pods become available.
    /// </summary>
    private bool ReconcileOldReplicaSets(List<V1ReplicaSet> all, List<V1ReplicaSet> oldActive, V1ReplicaSet newRs)
    {
        if (RolloutMath.SpecReplicas(oldActive) == 0)
        {
            return false;
        }
        var allPods = RolloutMath.SpecReplicas(all);
        var minAvailable = RolloutMath.Replicas(_d) - RolloutMath.MaxUnavailable(_d);
        var newUnavailable = RolloutMath.Replicas(newRs) - (newRs.Status?.AvailableReplicas ?? 0);
        var maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0)
        {
            return false;
        }
        var cleaned = CleanupUnhealthyReplicas(oldActive, maxScaledDown);
        var scaledDown = ScaleDownOldForRollingUpdate(all, oldActive);
        return cleaned + scaledDown > 0;
    }

    private int CleanupUnhealthyReplicas(List<V1ReplicaSet> old, int maxCleanup)
    {
        var total = 0;
        foreach (var rs in ReplicaSetOrder.Sorted(old, ReplicaSetOrder.ByCreation))
        {
            if (total >= maxCleanup)
            {
                break;
            }
            var replicas = RolloutMath.Replicas(rs);
            var available = rs.Status?.AvailableReplicas ?? 0;
            if (replicas == 0 || replicas == available)
            {
                continue;
            }
            var count = Math.Min(maxCleanup - total, replicas - available);
            ScaleAndRecord(rs, replicas - count);
            total += count;
        }
        return total;
    }

    private int ScaleDownOldForRollingUpdate(List<V1ReplicaSet> all, List<V1ReplicaSet> old)
    {
        var minAvailable = RolloutMath.Replicas(_d) - RolloutMath.MaxUnavailable(_d);
        var available = RolloutMath.AvailableReplicas(all);
        if (available <= minAvailable)
        {
            return 0;
        }
        var toScaleDown = available - minAvailable;
        var total = 0;
        foreach (var rs in ReplicaSetOrder.Sorted(old, ReplicaSetOrder.ByCreation))
        {
            if (total >= toScaleDown)
            {
                break;
            }
            var replicas = RolloutMath.Replicas(rs);
            if (replicas == 0)
            {
                continue;
            }
            var count = Math.Min(replicas, toScaleDown - total);
            ScaleAndRecord(rs, replicas - count);
            total += count;
        }
        return total;
    }
}
