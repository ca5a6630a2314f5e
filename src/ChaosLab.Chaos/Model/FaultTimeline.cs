namespace ChaosLab.Chaos.Model;

public enum FaultPhase
{
    Injected,
    EffectVerified,
    EffectNotVerified,
    Healed,
    HealVerified,
    HealNotVerified,
    Failed,
}

/// <summary>One recorded operation of one fault injection.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string FaultId, string Fault, string Description, FaultPhase Phase, TimeSpan Took, string Evidence);

/// <summary>
/// Every fault operation with its time and evidence, in order. Shared by the engine, observers and
/// reports; safe to append from several faults at once.
/// </summary>
public sealed class FaultTimeline
{
    private readonly Lock _lock = new();
    private readonly List<TimelineEntry> _entries = [];

    public event Action<TimelineEntry>? Recorded;

    public IReadOnlyList<TimelineEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public void Record(TimelineEntry entry)
    {
        lock (_lock)
        {
            _entries.Add(entry);
        }
        Recorded?.Invoke(entry);
    }
}
