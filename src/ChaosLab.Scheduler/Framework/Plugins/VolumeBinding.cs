using k8s.Models;

namespace ChaosLab.Scheduler.Framework.Plugins;

/// <summary>
/// A pod whose persistentVolumeClaim volumes are not all bound waits (upstream's VolumeBinding for claims of
/// Immediate binding mode): its claims must exist, not be terminating, and name their volume.
/// </summary>
public sealed class VolumeBinding(Func<string, string, V1PersistentVolumeClaim?> claims) : IFilterPlugin
{
    public const string ReasonUnbound = "pod has unbound immediate PersistentVolumeClaims";

    public string Name => nameof(VolumeBinding);

    public FilterStatus Filter(PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var ns = pod.Pod.Metadata?.NamespaceProperty ?? "default";
        foreach (var volume in pod.Pod.Spec?.Volumes ?? [])
        {
            if (volume.PersistentVolumeClaim?.ClaimName is not { } claimName)
            {
                continue;
            }
            var claim = claims(ns, claimName);
            if (claim is null)
            {
                return FilterStatus.Unschedulable(Name, $"persistentvolumeclaim \"{claimName}\" not found");
            }
            if (claim.Metadata?.DeletionTimestamp is not null)
            {
                return FilterStatus.Unschedulable(Name, $"persistentvolumeclaim \"{claimName}\" is being deleted");
            }
            if (string.IsNullOrEmpty(claim.Spec?.VolumeName) || claim.Status?.Phase != "Bound")
            {
                return FilterStatus.Unschedulable(Name, ReasonUnbound);
            }
        }
        return FilterStatus.Success;
    }
}
