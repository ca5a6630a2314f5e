namespace ChaosLab.Lab.Lifecycle;

/// <summary>How to bring a lab up.</summary>
/// <param name="TopologyFile">A topologies/*.yaml file.</param>
/// <param name="Name">Lab name; containers are chaoslab-NAME-NODE.</param>
/// <param name="Persistent">True for labs a person brings up with `chaoslab up`: they outlive the
/// process. False for test labs: the reaper removes them once their owner process is gone.</param>
/// <param name="Owner">The process whose life bounds a non-persistent lab (<see cref="ProcessIdentity"/>);
/// default: this process.</param>
/// <param name="Mutants">Mutant names (<see cref="Mutants.MutantCatalog"/>) the lab's components run as, beside the topology's own.</param>
public sealed record UpOptions(string TopologyFile, string Name, bool Persistent, TimeSpan? ReadyTimeout = null, string? Owner = null,
    IReadOnlyList<string>? Mutants = null)
{
    public const string DefaultName = "default";

    /// <summary>
    /// Set by a harness that runs the CLI as a child: the lab belongs to that PID (not persistent), so
    /// the reaper removes it after the harness dies, like Testcontainers' session-bound resources.
    /// </summary>
    public const string OwnerPidVariable = "CHAOSLAB_LAB_OWNER_PID";
}
