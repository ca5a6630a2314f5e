using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.ReplicaSets;

/// <summary>
/// The ReplicaSet controller's decision (upstream's syncReplicaSet + manageReplicas + calculateStatus),
/// free of I/O: given a ReplicaSet and the pods of its namespace, which pods to adopt, release, create
/// and delete, and the status to write.
/// </summary>
internal static class ReplicaSetPlanner
{
    /// <summary>Upstream's burstReplicas: at most this many creates or deletes per sync.</summary>
    public const int BurstReplicas = 500;

    /// <param name="manageReplicas">
    /// False while the controller's expectations are unmet (its own creates/deletes not yet seen in the
    /// informer): then only the status is computed, so nothing is created or deleted twice.
    /// </param>
    public static ReplicaSetPlan Plan(V1ReplicaSet rs, IEnumerable<V1Pod> podsInNamespace, bool manageReplicas, DateTimeOffset now)
    {
        var selector = rs.Spec?.Selector;
        // Only active pods are claimed: finished or terminating pods no longer count as replicas, so a
        // pod stuck terminating on a lost node is replaced at once.
        var claims = ControllerRefClaims.Classify<V1Pod>(
            rs.Metadata, pod => LabelSelectors.Matches(selector, pod.Metadata?.Labels), podsInNamespace.Where(PodState.IsActive));
        var active = claims.Owned.Concat(claims.ToAdopt).ToList();

        var createCount = 0;
        IReadOnlyList<V1Pod> toDelete = [];
        if (manageReplicas && rs.Metadata.DeletionTimestamp is null)
        {
            var diff = active.Count - (rs.Spec?.Replicas ?? 1);
            if (diff < 0)
            {
                createCount = Math.Min(-diff, BurstReplicas);
            }
            else if (diff > 0)
            {
                toDelete = PodDeletionRanking.PickForDeletion(active, Math.Min(diff, BurstReplicas));
            }
        }

        var status = ReplicaSetStatusCalculator.Calculate(rs, active, now);
        return new ReplicaSetPlan(
            claims.ToAdopt,
            claims.ToRelease,
            createCount,
            createCount > 0 ? PodTemplates.NewPod(rs) : null,
            toDelete,
            ObjectJson.SemanticallyEqual(status, rs.Status) ? null : status,
            NextAvailabilityCheck(rs, active, now));
    }

    /// <summary>
    /// With minReadySeconds, a ready pod becomes available later without any event: sync again then
    /// (upstream re-enqueues after minReadySeconds for the same reason).
    /// </summary>
    private static TimeSpan? NextAvailabilityCheck(V1ReplicaSet rs, IEnumerable<V1Pod> pods, DateTimeOffset now)
    {
        var minReady = rs.Spec?.MinReadySeconds ?? 0;
        var next = pods.Select(p => PodState.AvailableAt(p, minReady, now)).Where(t => t is not null).Min();
        return next is { } at ? at - now + TimeSpan.FromSeconds(1) : null;
    }
}
