using k8s.Models;

namespace ChaosLab.ControllerManager.GarbageCollector;

/// <summary>
/// The garbage collector's decisions (upstream's attemptToDeleteItem, processDeletingDependentsItem and
/// orphanDependents), free of I/O: given an object and what became of its owners or dependents.
/// </summary>
internal static class GarbageCollectionDecisions
{
    /// <summary>
    /// An object with owners: kept while one owner holds it (dropping references that dangle or wait
    /// for it); deleted when none does — in the foreground if an owner waits for it and it has
    /// dependents of its own, else honouring its own GC finalizers, else in the background.
    /// </summary>
    /// <param name="owners">Each owner reference with what became of that owner; Unknown kinds count as Solid.</param>
    /// <param name="hasDependents">Other objects name this one as owner.</param>
    /// <param name="aDependentWaitsForItsDependents">One of those dependents is itself deleting in the foreground (a cycle risk).</param>
    public static DependentVerdict ForDependent(
        V1ObjectMeta dependent, IReadOnlyList<(V1OwnerReference Reference, OwnerState State)> owners, bool hasDependents, bool aDependentWaitsForItsDependents)
    {
        if (dependent.DeletionTimestamp is not null || owners.Count == 0)
        {
            // Being deleted is a one-way trip; its dependents are handled when it is gone.
            return DependentVerdict.Keep;
        }
        var solid = owners.Where(o => o.State == OwnerState.Solid).ToList();
        var dangling = owners.Where(o => o.State == OwnerState.Absent).Select(o => o.Reference.Uid).ToList();
        var waiting = owners.Where(o => o.State == OwnerState.WaitingForDependents).Select(o => o.Reference.Uid).ToList();
        if (solid.Count > 0)
        {
            return dangling.Count == 0 && waiting.Count == 0
                ? DependentVerdict.Keep
                : new DependentVerdict([.. dangling, .. waiting], null, false);
        }
        if (waiting.Count > 0 && hasDependents)
        {
            return new DependentVerdict([], "Foreground", aDependentWaitsForItsDependents);
        }
        var finalizers = dependent.Finalizers ?? [];
        var policy = finalizers.Contains(Finalizers.Orphan) ? "Orphan"
            : finalizers.Contains(Finalizers.ForegroundDeletion) ? "Foreground"
            : "Background";
        return new DependentVerdict([], policy, false);
    }

    /// <summary>
    /// An owner being deleted with foregroundDeletion waits until no dependent with
    /// blockOwnerDeletion=true is left; with orphan, its dependents lose their reference to it first.
    /// </summary>
    public static OwnerVerdict ForDeletingOwner(V1ObjectMeta owner, IReadOnlyList<V1ObjectMeta> dependents)
    {
        if (owner.DeletionTimestamp is null)
        {
            return OwnerVerdict.Nothing;
        }
        var finalizers = owner.Finalizers ?? [];
        var referencing = dependents.Where(d => ReferenceTo(d, owner.Uid) is not null).ToList();
        if (finalizers.Contains(Finalizers.ForegroundDeletion))
        {
            var blocking = referencing.Where(d => ReferenceTo(d, owner.Uid)!.BlockOwnerDeletion == true).ToList();
            return blocking.Count == 0
                ? new OwnerVerdict(Finalizers.ForegroundDeletion, [], [])
                : new OwnerVerdict(null, [.. referencing], []);
        }
        if (finalizers.Contains(Finalizers.Orphan))
        {
            return referencing.Count == 0
                ? new OwnerVerdict(Finalizers.Orphan, [], [])
                : new OwnerVerdict(null, [], referencing);
        }
        return OwnerVerdict.Nothing;
    }

    /// <summary>
    /// What became of an owner, from the object found under its name (null: not found): a different
    /// uid means the owner was deleted and a namesake created.
    /// </summary>
    public static OwnerState Classify(V1OwnerReference reference, V1ObjectMeta? found)
    {
        if (found is null || found.Uid != reference.Uid)
        {
            return OwnerState.Absent;
        }
        return found.DeletionTimestamp is not null && (found.Finalizers?.Contains(Finalizers.ForegroundDeletion) ?? false)
            ? OwnerState.WaitingForDependents
            : OwnerState.Solid;
    }

    public static V1OwnerReference? ReferenceTo(V1ObjectMeta dependent, string ownerUid) =>
        dependent.OwnerReferences?.FirstOrDefault(r => r.Uid == ownerUid);
}
