using k8s.Models;

namespace ChaosLab.ControllerManager.Deployments;

/// <summary>
/// What one sync of a Deployment should do, applied in this order: adopt/release ReplicaSets, create
/// the new ReplicaSet, update (scale/annotate) existing ones, delete old ones beyond the history limit,
/// record the revision on the deployment, write its status. Null or empty means nothing to do.
/// </summary>
internal sealed record DeploymentPlan(
    IReadOnlyList<V1ReplicaSet> ToAdopt,
    IReadOnlyList<V1ReplicaSet> ToRelease,
    V1ReplicaSet? Create,
    IReadOnlyList<V1ReplicaSet> Updates,
    IReadOnlyList<V1ReplicaSet> Deletes,
    string? Revision,
    V1DeploymentStatus? Status,
    TimeSpan? RequeueAfter);
