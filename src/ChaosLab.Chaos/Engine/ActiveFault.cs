using ChaosLab.Chaos.Model;

namespace ChaosLab.Chaos.Engine;

/// <summary>A fault that has been injected and not yet healed.</summary>
public sealed class ActiveFault(IFault fault, DateTimeOffset injectedAt, TimeSpan timeToEffect)
{
    public IFault Fault { get; } = fault;

    public DateTimeOffset InjectedAt { get; } = injectedAt;

    /// <summary>From the start of injection to the verified effect.</summary>
    public TimeSpan TimeToEffect { get; } = timeToEffect;

    /// <summary>Set while a timed fault waits for its automatic heal.</summary>
    internal Task? ScheduledHeal { get; set; }

    internal CancellationTokenSource? ScheduleCancel { get; set; }

    public override string ToString() => $"{Fault.Id} {Fault.Describe()}";
}
