namespace ChaosLab.Harness.Reporting;

/// <summary>One probe attempt: when it started, whether it succeeded, how long it took.</summary>
public sealed record ProbeSample(DateTimeOffset At, bool Ok, double LatencyMs, string? Error);
