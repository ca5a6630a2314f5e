using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.PersistentVolumes;

/// <summary>
/// Which PersistentVolume a claim binds to, as upstream's FindMatchingVolume: a volume pre-bound to the claim
/// (its claimRef names it) if it is big enough, else the smallest Available volume of the claim's class whose
/// access modes include the claim's, whose labels its selector matches, with the same volume mode and at least
/// the requested storage.
/// </summary>
internal static class VolumeMatcher
{
    public static V1PersistentVolume? FindBest(V1PersistentVolumeClaim claim, IEnumerable<V1PersistentVolume> volumes)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(volumes);
        V1PersistentVolume? smallest = null;
        foreach (var volume in volumes)
        {
            if (volume.Metadata?.DeletionTimestamp is not null || !Satisfies(volume, claim))
            {
                continue;
            }
            if (IsBoundTo(volume, claim))
            {
                return volume;
            }
            if (volume.Spec?.ClaimRef is not null || volume.Status?.Phase != "Available")
            {
                continue;
            }
            if (claim.Spec?.Selector is { } selector && !LabelSelectors.Matches(selector, volume.Metadata?.Labels))
            {
                continue;
            }
            if (smallest is null || Capacity(volume) < Capacity(smallest))
            {
                smallest = volume;
            }
        }
        return smallest;
    }

    /// <summary>Class, access modes, volume mode and size fit the claim (upstream's checkVolumeSatisfyClaim).</summary>
    public static bool Satisfies(V1PersistentVolume volume, V1PersistentVolumeClaim claim)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(claim);
        var modes = volume.Spec?.AccessModes ?? [];
        return (volume.Spec?.StorageClassName ?? "") == (claim.Spec?.StorageClassName ?? "")
            && (claim.Spec?.AccessModes ?? []).All(modes.Contains)
            && (volume.Spec?.VolumeMode ?? "Filesystem") == (claim.Spec?.VolumeMode ?? "Filesystem")
            && Capacity(volume) >= Requested(claim);
    }

    /// <summary>The volume's claimRef names this claim (namespace, name, and uid when set).</summary>
    public static bool IsBoundTo(V1PersistentVolume volume, V1PersistentVolumeClaim claim)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(claim);
        var reference = volume.Spec?.ClaimRef;
        return reference is not null
            && reference.Name == claim.Metadata.Name
            && reference.NamespaceProperty == claim.Metadata.NamespaceProperty
            && (string.IsNullOrEmpty(reference.Uid) || reference.Uid == claim.Metadata.Uid);
    }

    public static decimal Capacity(V1PersistentVolume volume) =>
        volume?.Spec?.Capacity?.TryGetValue("storage", out var q) == true && q is not null ? q.ToDecimal() : 0;

    public static decimal Requested(V1PersistentVolumeClaim claim) =>
        claim?.Spec?.Resources?.Requests?.TryGetValue("storage", out var q) == true && q is not null ? q.ToDecimal() : 0;
}
