namespace ChaosLab.ControllerManager.GarbageCollector;

/// <summary>What the garbage collector does with one object that has owners.</summary>
/// <param name="RemoveOwnerUids">References to drop (dangling ones, or owners waiting for it) while a live owner keeps the object.</param>
/// <param name="DeletePolicy">Delete the object with this propagation policy ("Background", "Foreground", "Orphan"); null keeps it.</param>
/// <param name="UnblockOwnerReferences">Before a foreground delete, clear blockOwnerDeletion to break a foreground cycle.</param>
internal sealed record DependentVerdict(IReadOnlyList<string> RemoveOwnerUids, string? DeletePolicy, bool UnblockOwnerReferences)
{
    public static readonly DependentVerdict Keep = new([], null, false);
}
