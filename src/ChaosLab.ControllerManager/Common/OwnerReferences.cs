using k8s.Models;

namespace ChaosLab.ControllerManager.Common;

/// <summary>Controller references (ownerReferences with controller=true), as metav1.GetControllerOf and NewControllerRef.</summary>
internal static class OwnerReferences
{
    public static V1OwnerReference? ControllerOf(V1ObjectMeta? metadata) =>
        metadata?.OwnerReferences?.FirstOrDefault(r => r.Controller == true);

    public static bool IsControlledBy(V1ObjectMeta? metadata, string? ownerUid) =>
        ownerUid is not null && ControllerOf(metadata)?.Uid == ownerUid;

    /// <summary>
    /// A controller reference to <paramref name="owner"/>. blockOwnerDeletion makes a foreground delete
    /// of the owner wait for this dependent.
    /// </summary>
    public static V1OwnerReference ControllerRef(V1ObjectMeta owner, string apiVersion, string kind) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner.Name,
        Uid = owner.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
