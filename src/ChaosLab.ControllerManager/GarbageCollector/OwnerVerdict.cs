using k8s.Models;

namespace ChaosLab.ControllerManager.GarbageCollector;

/// <summary>What the garbage collector does for an owner that is being deleted with a GC finalizer.</summary>
/// <param name="RemoveFinalizer">Drop this finalizer from the owner now: its dependents are dealt with.</param>
/// <param name="DeleteDependents">Foreground: dependents still blocking the owner, to be deleted first.</param>
/// <param name="OrphanDependents">Orphan: dependents whose reference to the owner must be removed first.</param>
internal sealed record OwnerVerdict(string? RemoveFinalizer, IReadOnlyList<V1ObjectMeta> DeleteDependents, IReadOnlyList<V1ObjectMeta> OrphanDependents)
{
    public static readonly OwnerVerdict Nothing = new(null, [], []);
}
