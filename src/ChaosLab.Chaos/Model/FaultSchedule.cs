namespace ChaosLab.Chaos.Model;

/// <summary>
/// When a fault runs: after <see cref="Offset"/>, held for <see cref="Duration"/> (null: until healed
/// by hand or by the end of the scenario), repeated <see cref="Repeat"/> times with <see cref="Pause"/>
/// between the heal of one and the injection of the next.
/// </summary>
public sealed record FaultSchedule(TimeSpan Offset, TimeSpan? Duration, int Repeat, TimeSpan Pause)
{
    public static FaultSchedule Once(TimeSpan? duration = null) => new(TimeSpan.Zero, duration, 1, TimeSpan.Zero);

    public void Validate()
    {
        if (Offset < TimeSpan.Zero)
        {
            throw new FaultOptionsException($"the start offset must not be negative (got {Offset.TotalSeconds:0.###} s)");
        }
        if (Duration is { } d && d <= TimeSpan.Zero)
        {
            throw new FaultOptionsException($"the duration must be positive (got {d.TotalSeconds:0.###} s)");
        }
        if (Repeat < 1)
        {
            throw new FaultOptionsException($"repeat must be at least 1 (got {Repeat})");
        }
        if (Repeat > 1 && Duration is null)
        {
            throw new FaultOptionsException("a repeated fault needs a duration: each round must heal before the next one");
        }
        if (Pause < TimeSpan.Zero)
        {
            throw new FaultOptionsException($"the pause between rounds must not be negative (got {Pause.TotalSeconds:0.###} s)");
        }
    }
}
