using k8s.Models;

namespace ChaosLab.ControllerManager.Deployments;

/// <summary>
/// A deployment's status from its ReplicaSets (upstream's calculateStatus) and the Progressing condition
/// of a rollout (syncRolloutStatus): progressing while pods move, complete when every replica is
/// updated and available, timed out after progressDeadlineSeconds without progress.
/// </summary>
internal static class DeploymentStatusCalculator
{
    public static V1DeploymentStatus Calculate(IReadOnlyList<V1ReplicaSet> all, V1ReplicaSet? newRs, V1Deployment d, DateTimeOffset now)
    {
        var available = RolloutMath.AvailableReplicas(all);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = RolloutMath.ActualReplicas(all),
            UpdatedReplicas = RolloutMath.ActualReplicas([newRs]),
            ReadyReplicas = RolloutMath.ReadyReplicas(all),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, RolloutMath.SpecReplicas(all) - available),
            CollisionCount = d.Status?.CollisionCount,
            Conditions = d.Status?.Conditions?.Select(c => c with { }).ToList(),
        };
        var condition = available >= RolloutMath.Replicas(d) - RolloutMath.MaxUnavailable(d)
            ? DeploymentConditions.New(DeploymentConditions.Available, "True", DeploymentConditions.MinimumReplicasAvailable, "Deployment has minimum availability.", now)
            : DeploymentConditions.New(DeploymentConditions.Available, "False", DeploymentConditions.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now);
        DeploymentConditions.Set(status, condition);
        return status;
    }

    /// <summary>The status after a rollout step, with the Progressing condition brought up to date.</summary>
    public static V1DeploymentStatus CalculateRollout(IReadOnlyList<V1ReplicaSet> all, V1ReplicaSet? newRs, V1Deployment d, DateTimeOffset now)
    {
        var status = Calculate(all, newRs, d, now);
        if (!HasProgressDeadline(d))
        {
            DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
        }
        var current = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        var rolloutDone = status.Replicas == status.UpdatedReplicas && current?.Reason == DeploymentConditions.NewReplicaSetAvailable;
        if (HasProgressDeadline(d) && !rolloutDone)
        {
            var subject = newRs is null ? $"Deployment \"{d.Metadata.Name}\"" : $"ReplicaSet \"{newRs.Metadata.Name}\"";
            if (IsComplete(d, status))
            {
                DeploymentConditions.Set(status, DeploymentConditions.New(
                    DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetAvailable, $"{subject} has successfully progressed.", now));
            }
            else if (IsProgressing(d, status))
            {
                // Progress refreshes lastUpdateTime even with an unchanged reason: the deadline counts from it.
                var condition = DeploymentConditions.New(
                    DeploymentConditions.Progressing, "True", DeploymentConditions.ReplicaSetUpdated, $"{subject} is progressing.", now);
                if (current is not null)
                {
                    if (current.Status == "True")
                    {
                        condition.LastTransitionTime = current.LastTransitionTime;
                    }
                    DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
                }
                DeploymentConditions.Set(status, condition);
            }
            else if (IsTimedOut(d, now))
            {
                DeploymentConditions.Set(status, DeploymentConditions.New(
                    DeploymentConditions.Progressing, "False", DeploymentConditions.ProgressDeadlineExceeded, $"{subject} has timed out progressing.", now));
            }
        }
        // Our ReplicaSets never report ReplicaFailure, so a stale one is dropped.
        DeploymentConditions.Remove(status, DeploymentConditions.ReplicaFailure);
        return status;
    }

    /// <summary>progressDeadlineSeconds is set (the API default is 600) and not the "never" value MaxInt32.</summary>
    public static bool HasProgressDeadline(V1Deployment d) => ProgressDeadlineSeconds(d) != int.MaxValue;

    public static int ProgressDeadlineSeconds(V1Deployment d) => d.Spec?.ProgressDeadlineSeconds ?? 600;

    /// <summary>Every replica updated and available, old pods gone, and this generation observed.</summary>
    public static bool IsComplete(V1Deployment d, V1DeploymentStatus status)
    {
        var replicas = RolloutMath.Replicas(d);
        return (status.UpdatedReplicas ?? 0) == replicas
            && (status.Replicas ?? 0) == replicas
            && (status.AvailableReplicas ?? 0) == replicas
            && (status.ObservedGeneration ?? 0) >= (d.Metadata.Generation ?? 0);
    }

    /// <summary>More updated, ready or available pods than the stored status says, or fewer old ones.</summary>
    public static bool IsProgressing(V1Deployment d, V1DeploymentStatus newStatus)
    {
        var old = d.Status ?? new V1DeploymentStatus();
        var oldOldReplicas = (old.Replicas ?? 0) - (old.UpdatedReplicas ?? 0);
        var newOldReplicas = (newStatus.Replicas ?? 0) - (newStatus.UpdatedReplicas ?? 0);
        return (newStatus.UpdatedReplicas ?? 0) > (old.UpdatedReplicas ?? 0)
            || newOldReplicas < oldOldReplicas
            || (newStatus.ReadyReplicas ?? 0) > (old.ReadyReplicas ?? 0)
            || (newStatus.AvailableReplicas ?? 0) > (old.AvailableReplicas ?? 0);
    }

    public static bool IsTimedOut(V1Deployment d, DateTimeOffset now)
    {
        var condition = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        if (condition is null || !HasProgressDeadline(d))
        {
            return false;
        }
        if (condition.Reason == DeploymentConditions.ProgressDeadlineExceeded)
        {
            return true;
        }
        if (condition.Reason == DeploymentConditions.NewReplicaSetAvailable || condition.LastUpdateTime is not { } from)
        {
            return false;
        }
        return Common.PodState.Utc(from).AddSeconds(ProgressDeadlineSeconds(d)) < now;
    }

    /// <summary>
    /// When to look again at a rollout that made no progress, to notice its deadline passing
    /// (upstream's requeueStuckDeployment); null when there is nothing to wait for.
    /// </summary>
    public static TimeSpan? StuckRecheck(V1Deployment d, V1DeploymentStatus status, DateTimeOffset now)
    {
        var condition = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        if (!HasProgressDeadline(d) || condition?.LastUpdateTime is not { } from
            || IsComplete(d, status) || condition.Reason == DeploymentConditions.ProgressDeadlineExceeded)
        {
            return null;
        }
        var after = Common.PodState.Utc(from).AddSeconds(ProgressDeadlineSeconds(d)) - now;
        return after < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : after;
    }
}
