using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.StatefulSets;

/// <summary>
/// The StatefulSet controller's decision, free of I/O (upstream's updateStatefulSet): pods for ordinals
/// start..start+replicas-1, created in order and each only once the one before is Running and Ready
/// (OrderedReady) or all at once (Parallel); surplus ordinals deleted highest first; a rolling update replacing
/// one pod at a time from the highest ordinal down to the partition; and the status.
/// </summary>
internal static class StatefulSetPlanner
{
    /// <param name="currentRevision">The revision pods below the partition keep, and its template.</param>
    /// <param name="updateRevision">The revision of the set's template now.</param>
    public static StatefulSetPlan Plan(
        V1StatefulSet set, IEnumerable<V1Pod> podsInNamespace, (string Name, V1PodTemplateSpec Template) currentRevision, string updateRevision,
        bool manage, DateTimeOffset now)
    {
        var selector = set.Spec?.Selector;
        var claims = ControllerRefClaims.Classify<V1Pod>(
            set.Metadata, p => LabelSelectors.Matches(selector, p.Metadata?.Labels) && StatefulPods.Ordinal(set, p) is not null, podsInNamespace);
        var pods = claims.Owned.Concat(claims.ToAdopt).ToList();
        var byOrdinal = new SortedDictionary<int, V1Pod>();
        foreach (var pod in pods.OrderBy(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue))
        {
            byOrdinal.TryAdd(StatefulPods.Ordinal(set, pod)!.Value, pod);
        }
        var minReady = set.Spec?.MinReadySeconds ?? 0;
        var status = Status(set, pods, currentRevision.Name, updateRevision, minReady, now);
        var create = new List<(V1Pod, int)>();
        var delete = new List<V1Pod>();
        if (manage && set.Metadata.DeletionTimestamp is null)
        {
            Manage(set, byOrdinal, currentRevision, updateRevision, minReady, now, create, delete);
        }
        var nextCheck = pods.Select(p => PodState.AvailableAt(p, minReady, now)).Where(t => t is not null).Min();
        return new StatefulSetPlan(
            claims.ToAdopt, claims.ToRelease, create, delete,
            ObjectJson.SemanticallyEqual(status, set.Status) ? null : status,
            nextCheck is { } at ? at - now + TimeSpan.FromSeconds(1) : null);
    }

    private static void Manage(
        V1StatefulSet set, SortedDictionary<int, V1Pod> byOrdinal, (string Name, V1PodTemplateSpec Template) current, string update,
        int minReady, DateTimeOffset now, List<(V1Pod, int)> create, List<V1Pod> delete)
    {
        var start = set.Spec.Ordinals?.Start ?? 0;
        var end = start + (set.Spec.Replicas ?? 1);
        var monotonic = set.Spec.PodManagementPolicy != "Parallel";
        var rolling = set.Spec.UpdateStrategy?.Type is null or "RollingUpdate";
        var partition = set.Spec.UpdateStrategy?.RollingUpdate?.Partition ?? 0;
        bool Healthy(V1Pod p) => !PodState.IsTerminating(p) && p.Status?.Phase == "Running" && PodState.IsAvailable(p, minReady, now);

        for (var ordinal = start; ordinal < end; ordinal++)
        {
            if (!byOrdinal.TryGetValue(ordinal, out var pod))
            {
                var keepCurrent = rolling && current.Name != update && ordinal < start + partition;
                create.Add((keepCurrent
                    ? StatefulPods.NewPod(set, current.Template, ordinal, current.Name)
                    : StatefulPods.NewPod(set, set.Spec.Template, ordinal, update), ordinal));
                if (monotonic) return;
                continue;
            }
            if (PodState.IsTerminal(pod) && !PodState.IsTerminating(pod))
            {
                // Recreated under the same name once the deletion is seen.
                delete.Add(pod);
                if (monotonic) return;
                continue;
            }
            if (monotonic && !Healthy(pod))
            {
                return;
            }
        }
        if (create.Count > 0 || delete.Count > 0)
        {
            return;
        }

        foreach (var (ordinal, pod) in byOrdinal.Reverse().Where(kv => kv.Key < start || kv.Key >= end))
        {
            if (PodState.IsTerminating(pod))
            {
                if (monotonic) return;
                continue;
            }
            delete.Add(pod);
            if (monotonic) return;
        }
        if (delete.Count > 0 || !rolling)
        {
            return;
        }

        for (var ordinal = end - 1; ordinal >= start + partition; ordinal--)
        {
            if (!byOrdinal.TryGetValue(ordinal, out var pod))
            {
                return;
            }
            if (StatefulPods.Revision(pod) != update && !PodState.IsTerminating(pod))
            {
                delete.Add(pod);
                return;
            }
            if (!Healthy(pod))
            {
                return;
            }
        }
    }

    private static V1StatefulSetStatus Status(V1StatefulSet set, List<V1Pod> pods, string current, string update, int minReady, DateTimeOffset now)
    {
        var created = pods.Where(p => !string.IsNullOrEmpty(p.Status?.Phase)).ToList();
        var live = created.Where(p => !PodState.IsTerminating(p)).ToList();
        var runningReady = created.Where(p => p.Status?.Phase == "Running" && PodState.IsReady(p)).ToList();
        var status = new V1StatefulSetStatus
        {
            ObservedGeneration = set.Metadata.Generation,
            Replicas = created.Count,
            ReadyReplicas = runningReady.Count,
            AvailableReplicas = runningReady.Count(p => PodState.IsAvailable(p, minReady, now)),
            CurrentReplicas = live.Count(p => StatefulPods.Revision(p) == current),
            UpdatedReplicas = live.Count(p => StatefulPods.Revision(p) == update),
            CurrentRevision = current,
            UpdateRevision = update,
            CollisionCount = set.Status?.CollisionCount ?? 0,
            Conditions = set.Status?.Conditions,
        };
        // Upstream's completeRollingUpdate: once every pod runs the update revision, it becomes the current one.
        if (set.Spec.UpdateStrategy?.Type is null or "RollingUpdate" && status.UpdatedReplicas == status.Replicas && status.ReadyReplicas == status.Replicas)
        {
            status.CurrentReplicas = status.UpdatedReplicas;
            status.CurrentRevision = update;
        }
        return status;
    }
}
