using k8s.Models;

namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>The writes one monitor pass calls for.</summary>
/// <param name="StatusUpdates">Nodes whose conditions went Unknown, for UpdateStatus.</param>
/// <param name="NodesWithPodsToMarkNotReady">Nodes whose kubelet is silent: their pods' Ready condition must become False.</param>
/// <param name="TaintChanges">Taint swaps and removals that skip the rate limiter.</param>
internal sealed record NodeMonitorResult(
    IReadOnlyList<V1Node> StatusUpdates,
    IReadOnlyList<string> NodesWithPodsToMarkNotReady,
    IReadOnlyList<TaintChange> TaintChanges,
    bool EnteredFullDisruption,
    bool ExitedFullDisruption);
