namespace ChaosLab.ControllerManager.GarbageCollector;

/// <summary>What became of an object's owner (upstream's classifyReferences).</summary>
internal enum OwnerState
{
    /// <summary>Exists with the referenced uid and is not waiting for its dependents: the reference holds.</summary>
    Solid,

    /// <summary>Gone, or replaced by a namesake with another uid: the reference dangles.</summary>
    Absent,

    /// <summary>Being deleted in the foreground: it waits for its dependents to go first.</summary>
    WaitingForDependents,
}
