using k8s.Models;

namespace ChaosLab.ControllerManager.Deployments;

/// <summary>Resizing ReplicaSets: proportional scaling when the deployment is scaled (kubectl scale) and single-set resizes.</summary>
internal sealed partial class DeploymentPlanner
{
    /// <summary>
    /// Upstream's scale(): one active ReplicaSet takes the whole count; a saturated new one means old
    /// ones go to zero; otherwise replicas + maxSurge is shared out in proportion to current sizes,
    /// leftovers to the largest.
    /// </summary>
    private void Scale(V1ReplicaSet? newRs, List<V1ReplicaSet> old)
    {
        var desired = RolloutMath.Replicas(_d);
        if (ActiveOrLatest(newRs, old) is { } only)
        {
            if (RolloutMath.Replicas(only) == desired)
            {
                // Same size, but refresh the desired/max annotations so this stops looking like a scaling event.
                ScaleReplicaSet(only, desired);
                return;
            }
            ScaleAndRecord(only, desired);
            return;
        }
        if (RolloutMath.IsSaturated(_d, newRs))
        {
            foreach (var rs in RolloutMath.Active(old).ToList())
            {
                ScaleAndRecord(rs, 0);
            }
            return;
        }
        if (!RolloutMath.IsRollingUpdate(_d))
        {
            return;
        }
        var active = RolloutMath.Active(old.Append(newRs)).ToList();
        var allowed = desired > 0 ? desired + RolloutMath.MaxSurge(_d) : 0;
        var toAdd = allowed - RolloutMath.SpecReplicas(active);
        if (toAdd > 0)
        {
            active.Sort(ReplicaSetOrder.BySizeNewer);
        }
        else if (toAdd < 0)
        {
            active.Sort(ReplicaSetOrder.BySizeOlder);
        }
        var added = 0;
        var sizes = new List<int>();
        foreach (var rs in active)
        {
            var proportion = toAdd != 0 ? RolloutMath.Proportion(rs, _d, toAdd, added) : 0;
            sizes.Add(RolloutMath.Replicas(rs) + proportion);
            added += proportion;
        }
        for (var i = 0; i < active.Count; i++)
        {
            var size = sizes[i];
            if (i == 0 && toAdd != 0)
            {
                size = Math.Max(0, size + toAdd - added);
            }
            ScaleReplicaSet(active[i], size);
        }
    }

    private static V1ReplicaSet? ActiveOrLatest(V1ReplicaSet? newRs, List<V1ReplicaSet> old)
    {
        if (newRs is null && old.Count == 0)
        {
            return null;
        }
        var newestFirst = ReplicaSetOrder.Sorted(old, (x, y) => ReplicaSetOrder.ByCreation(y, x));
        var active = RolloutMath.Active(newestFirst.Append(newRs)).ToList();
        return active.Count switch
        {
            0 => newRs ?? newestFirst[0],
            1 => active[0],
            _ => null,
        };
    }

    /// <summary>Scales if the size differs; returns whether it did.</summary>
    private bool ScaleAndRecord(V1ReplicaSet rs, int size) =>
        RolloutMath.Replicas(rs) != size && ScaleReplicaSet(rs, size);

    /// <summary>Sets the size and the desired/max annotations if either is stale; returns whether the size changed.</summary>
    private bool ScaleReplicaSet(V1ReplicaSet rs, int size)
    {
        var desired = RolloutMath.Replicas(_d);
        var max = desired + RolloutMath.MaxSurge(_d);
        var sizeChanged = RolloutMath.Replicas(rs) != size;
        if (sizeChanged || DeploymentAnnotations.ReplicasNeedUpdate(rs, desired, max))
        {
            rs.Spec.Replicas = size;
            DeploymentAnnotations.SetReplicas(rs, desired, max);
            MarkChanged(rs);
        }
        return sizeChanged;
    }

    /// <summary>A scaling event: an active ReplicaSet was last sized for a different replica count (kubectl scale).</summary>
    private bool IsScalingEvent()
    {
        var (newRs, old) = FindReplicaSets();
        return RolloutMath.Active(old.Append(newRs))
            .Any(rs => DeploymentAnnotations.DesiredReplicasOf(rs) is { } desired && desired != RolloutMath.Replicas(_d));
    }
}
