using k8s.Models;

namespace ChaosLab.ControllerManager.Jobs;

/// <summary>
/// What one sync of a Job should do, in order: adopt and release pods; write <see cref="Status"/> (null when
/// unchanged); then remove the tracking finalizer from <see cref="FinalizersToRemove"/> (their pods are in the
/// written status's uncountedTerminatedPods); create or delete pods; delete the Job itself when its TTL ran out.
/// </summary>
internal sealed record JobPlan(
    IReadOnlyList<V1Pod> ToAdopt,
    IReadOnlyList<V1Pod> ToRelease,
    V1JobStatus? Status,
    IReadOnlyList<V1Pod> FinalizersToRemove,
    int CreateCount,
    V1Pod? PodToCreate,
    IReadOnlyList<V1Pod> ToDelete,
    bool DeleteJob,
    TimeSpan? RequeueAfter);
