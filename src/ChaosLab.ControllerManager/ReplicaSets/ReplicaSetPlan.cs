using k8s.Models;

namespace ChaosLab.ControllerManager.ReplicaSets;

/// <summary>
/// What one sync of a ReplicaSet should do. Adoptions and releases come first; creations copy
/// <see cref="PodToCreate"/> <see cref="CreateCount"/> times; <see cref="Status"/> is null when unchanged.
/// </summary>
internal sealed record ReplicaSetPlan(
    IReadOnlyList<V1Pod> ToAdopt,
    IReadOnlyList<V1Pod> ToRelease,
    int CreateCount,
    V1Pod? PodToCreate,
    IReadOnlyList<V1Pod> ToDelete,
    V1ReplicaSetStatus? Status,
    TimeSpan? RequeueAfter);
