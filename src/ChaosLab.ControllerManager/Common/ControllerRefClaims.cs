using k8s;
using k8s.Models;

namespace ChaosLab.ControllerManager.Common;

/// <summary>What a controller owns, should adopt and should release among candidate objects.</summary>
internal sealed record Claims<T>(IReadOnlyList<T> Owned, IReadOnlyList<T> ToAdopt, IReadOnlyList<T> ToRelease);

/// <summary>
/// Upstream's ControllerRefManager.ClaimObject:
/// <list type="bullet">
/// <item>controlled by us and matching: owned;</item>
/// <item>controlled by us but no longer matching: release, unless we are being deleted;</item>
/// <item>orphan, matching, alive, and we are not being deleted: adopt;</item>
/// <item>controlled by someone else: ignored.</item>
/// </list>
/// </summary>
internal static class ControllerRefClaims
{
    public static Claims<T> Classify<T>(V1ObjectMeta owner, Func<T, bool> matches, IEnumerable<T> candidates)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var owned = new List<T>();
        var adopt = new List<T>();
        var release = new List<T>();
        var ownerDeleting = owner.DeletionTimestamp is not null;
        foreach (var candidate in candidates)
        {
            var meta = candidate.Metadata;
            if (meta.NamespaceProperty != owner.NamespaceProperty)
            {
                continue;
            }
            var controllerRef = OwnerReferences.ControllerOf(meta);
            if (controllerRef is not null)
            {
                if (controllerRef.Uid != owner.Uid)
                {
                    continue;
                }
                if (matches(candidate))
                {
                    owned.Add(candidate);
                }
                else if (!ownerDeleting)
                {
                    release.Add(candidate);
                }
                continue;
            }
            if (!ownerDeleting && meta.DeletionTimestamp is null && matches(candidate))
            {
                adopt.Add(candidate);
            }
        }
        return new Claims<T>(owned, adopt, release);
    }
}
