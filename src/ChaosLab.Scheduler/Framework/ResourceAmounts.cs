namespace ChaosLab.Scheduler.Framework;

/// <summary>
/// The resources the scheduler accounts for, in the units upstream uses internally:
/// CPU in millicores, memory in bytes.
/// </summary>
public readonly record struct ResourceAmounts(long MilliCpu, long Memory)
{
    public static ResourceAmounts Zero => default;

    public bool IsZero => MilliCpu == 0 && Memory == 0;

    public static ResourceAmounts operator +(ResourceAmounts a, ResourceAmounts b) =>
        new(a.MilliCpu + b.MilliCpu, a.Memory + b.Memory);

    public static ResourceAmounts operator -(ResourceAmounts a, ResourceAmounts b) =>
        new(a.MilliCpu - b.MilliCpu, a.Memory - b.Memory);

    /// <summary>Per-resource maximum, as upstream combines init containers with the running set.</summary>
    public static ResourceAmounts Max(ResourceAmounts a, ResourceAmounts b) =>
        new(Math.Max(a.MilliCpu, b.MilliCpu), Math.Max(a.Memory, b.Memory));

    public ResourceAmounts Add(ResourceAmounts other) => this + other;

    public ResourceAmounts Subtract(ResourceAmounts other) => this - other;
}
