namespace ChaosLab.Harness.Reporting;

/// <summary>A Lease changing holder; <paramref name="From"/> is null when nobody held it before.</summary>
public sealed record LeaderChange(DateTimeOffset At, string Lease, string? From, string To);
