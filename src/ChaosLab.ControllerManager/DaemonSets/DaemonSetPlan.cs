using k8s.Models;

namespace ChaosLab.ControllerManager.DaemonSets;

/// <summary>What one sync of a DaemonSet should do: pods to adopt and release, nodes to create a pod for, pods to delete, the status to write (null when unchanged).</summary>
internal sealed record DaemonSetPlan(
    IReadOnlyList<V1Pod> ToAdopt,
    IReadOnlyList<V1Pod> ToRelease,
    IReadOnlyList<string> NodesToCreateOn,
    IReadOnlyList<V1Pod> ToDelete,
    V1DaemonSetStatus? Status,
    TimeSpan? RequeueAfter);
