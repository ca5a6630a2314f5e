using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>
/// Upstream's MarkPodsNotReady for one pod: its Ready condition becomes False so endpoints drop it
/// while its kubelet cannot say anything. Only pods bound to the node and not finished are touched.
/// </summary>
internal static class PodReadiness
{
    /// <summary>The pod with Ready=False, or null if there is nothing to change.</summary>
    public static V1Pod? MarkNotReady(V1Pod pod, string nodeName, DateTimeOffset now)
    {
        if (pod.Spec?.NodeName != nodeName || PodState.IsTerminal(pod))
        {
            return null;
        }
        var ready = PodState.Condition(pod, PodState.Ready);
        if (ready is null || ready.Status == "False")
        {
            return null;
        }
        var status = ObjectJson.Clone(pod.Status);
        var condition = status.Conditions.First(c => c.Type == PodState.Ready);
        condition.Status = "False";
        condition.LastTransitionTime = WholeSeconds.Utc(now);
        return pod with { Status = status };
    }
}
