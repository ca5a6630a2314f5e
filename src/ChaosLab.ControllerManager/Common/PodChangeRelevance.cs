using k8s.Models;

namespace ChaosLab.ControllerManager.Common;

/// <summary>
/// Whether a pod update can change endpoints (upstream's podEndpointsChanged): IP, readiness,
/// deletion, node, hostname, ports or labels. Status churn that endpoints do not show is ignored.
/// </summary>
internal static class PodChangeRelevance
{
    public static bool AffectsEndpoints(V1Pod old, V1Pod pod) =>
        old.Status?.PodIP != pod.Status?.PodIP
        || !ObjectJson.SemanticallyEqual(old.Status?.PodIPs, pod.Status?.PodIPs)
        || PodState.IsReady(old) != PodState.IsReady(pod)
        || PodState.IsTerminating(old) != PodState.IsTerminating(pod)
        || PodState.IsTerminal(old) != PodState.IsTerminal(pod)
        || old.Spec?.NodeName != pod.Spec?.NodeName
        || old.Spec?.Hostname != pod.Spec?.Hostname
        || old.Spec?.Subdomain != pod.Spec?.Subdomain
        || !ObjectJson.SemanticallyEqual(old.Metadata.Labels, pod.Metadata.Labels)
        || !ObjectJson.SemanticallyEqual(old.Spec?.Containers?.Select(c => c.Ports), pod.Spec?.Containers?.Select(c => c.Ports));
}
