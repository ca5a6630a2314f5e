using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.ReplicationControllers;

/// <summary>
/// A ReplicationController seen as a ReplicaSet (upstream runs the ReplicaSet controller on converted RCs):
/// the map selector becomes matchLabels, and results convert back, with pods owned by the RC.
/// </summary>
internal static class ReplicaSetView
{
    public static V1ReplicaSet Of(V1ReplicationController rc) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = rc.Metadata,
        Spec = new V1ReplicaSetSpec
        {
            Replicas = rc.Spec?.Replicas ?? 1,
            MinReadySeconds = rc.Spec?.MinReadySeconds,
            // An empty map would select everything; validation forbids it, and here it selects nothing.
            Selector = rc.Spec?.Selector is { Count: > 0 } selector ? new V1LabelSelector { MatchLabels = selector } : null,
            Template = rc.Spec?.Template,
        },
        Status = rc.Status is { } status
            ? new V1ReplicaSetStatus
            {
                Replicas = status.Replicas,
                FullyLabeledReplicas = status.FullyLabeledReplicas,
                ReadyReplicas = status.ReadyReplicas,
                AvailableReplicas = status.AvailableReplicas,
                ObservedGeneration = status.ObservedGeneration,
            }
            : null,
    };

    public static V1ReplicationControllerStatus StatusOf(V1ReplicaSetStatus status, V1ReplicationController rc) => new()
    {
        Replicas = status.Replicas,
        FullyLabeledReplicas = status.FullyLabeledReplicas,
        ReadyReplicas = status.ReadyReplicas,
        AvailableReplicas = status.AvailableReplicas,
        ObservedGeneration = status.ObservedGeneration,
        Conditions = rc.Status?.Conditions,
    };

    /// <summary>A pod the ReplicaSet logic would create, owned by the RC instead.</summary>
    public static V1Pod OwnedByController(V1Pod pod, V1ReplicationController rc)
    {
        pod.Metadata.OwnerReferences = [OwnerReferences.ControllerRef(rc.Metadata, "v1", "ReplicationController")];
        return pod;
    }
}
