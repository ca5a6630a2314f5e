namespace ChaosLab.Scheduler;

/// <summary>
/// The deliberately broken behaviours this scheduler can run with (<c>--mutant=NAME</c>), so that the feature
/// catalog can prove it notices them. The lab's MutantCatalog documents each one.
/// </summary>
public static class SchedulerMutants
{
    /// <summary>Schedules from the start, whether or not it holds the Lease (it still competes for it).</summary>
    public const string WithoutLease = "scheduler-without-lease";

    public static IReadOnlyList<string> All { get; } = [WithoutLease];
}
