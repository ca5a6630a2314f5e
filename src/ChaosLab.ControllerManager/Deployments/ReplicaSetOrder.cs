using k8s.Models;

namespace ChaosLab.ControllerManager.Deployments;

/// <summary>The ReplicaSet orderings of upstream's controller_utils and deployment_util.</summary>
internal static class ReplicaSetOrder
{
    /// <summary>Older first; equal times by name.</summary>
    public static int ByCreation(V1ReplicaSet x, V1ReplicaSet y)
    {
        var byTime = Nullable.Compare(x.Metadata.CreationTimestamp, y.Metadata.CreationTimestamp);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.Metadata.Name, y.Metadata.Name);
    }

    /// <summary>Larger first; equal sizes older first (who gives up replicas first when scaling down).</summary>
    public static int BySizeOlder(V1ReplicaSet x, V1ReplicaSet y)
    {
        var bySize = RolloutMath.Replicas(y).CompareTo(RolloutMath.Replicas(x));
        return bySize != 0 ? bySize : ByCreation(x, y);
    }

    /// <summary>Larger first; equal sizes newer first (who gets replicas first when scaling up).</summary>
    public static int BySizeNewer(V1ReplicaSet x, V1ReplicaSet y)
    {
        var bySize = RolloutMath.Replicas(y).CompareTo(RolloutMath.Replicas(x));
        return bySize != 0 ? bySize : ByCreation(y, x);
    }

    /// <summary>Lowest revision first (history cleanup deletes from the front).</summary>
    public static int ByRevision(V1ReplicaSet x, V1ReplicaSet y)
    {
        var byRevision = DeploymentAnnotations.RevisionOf(x).CompareTo(DeploymentAnnotations.RevisionOf(y));
        return byRevision != 0 ? byRevision : ByCreation(x, y);
    }

    public static List<V1ReplicaSet> Sorted(IEnumerable<V1ReplicaSet> sets, Comparison<V1ReplicaSet> comparison)
    {
        var list = sets.ToList();
        // List.Sort is not stable; the comparisons above are total orders (name breaks ties), so it need not be.
        list.Sort(comparison);
        return list;
    }
}
