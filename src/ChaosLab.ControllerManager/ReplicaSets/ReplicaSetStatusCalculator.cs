using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.ReplicaSets;

/// <summary>A ReplicaSet's status from its active pods (upstream's calculateStatus).</summary>
internal static class ReplicaSetStatusCalculator
{
    public static V1ReplicaSetStatus Calculate(V1ReplicaSet rs, IReadOnlyCollection<V1Pod> activePods, DateTimeOffset now)
    {
        var templateLabels = rs.Spec?.Template?.Metadata?.Labels ?? new Dictionary<string, string>();
        var minReady = rs.Spec?.MinReadySeconds ?? 0;
        return new V1ReplicaSetStatus
        {
            Replicas = activePods.Count,
            // Pods that carry every template label: fewer means someone relabelled pods by hand.
            FullyLabeledReplicas = activePods.Count(p => LabelSelectors.MatchesSet(templateLabels, p.Metadata?.Labels ?? new Dictionary<string, string>())),
            ReadyReplicas = activePods.Count(PodState.IsReady),
            AvailableReplicas = activePods.Count(p => PodState.IsAvailable(p, minReady, now)),
            ObservedGeneration = rs.Metadata.Generation,
            Conditions = rs.Status?.Conditions,
        };
    }
}
