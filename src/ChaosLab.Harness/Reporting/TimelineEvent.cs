namespace ChaosLab.Harness.Reporting;

/// <summary>Something that happened during a scenario. <paramref name="Source"/> is "fault", "node", "lease", "pod", "event", "probe" or "step".</summary>
public sealed record TimelineEvent(DateTimeOffset At, string Source, string Kind, string Text);
