using k8s.Models;

namespace ChaosLab.ControllerManager.StatefulSets;

/// <summary>What one sync of a StatefulSet should do: adoptions and releases, pods to create (their claims first), pods to delete, the status (null when unchanged).</summary>
internal sealed record StatefulSetPlan(
    IReadOnlyList<V1Pod> ToAdopt,
    IReadOnlyList<V1Pod> ToRelease,
    IReadOnlyList<(V1Pod Pod, int Ordinal)> ToCreate,
    IReadOnlyList<V1Pod> ToDelete,
    V1StatefulSetStatus? Status,
    TimeSpan? RequeueAfter);
