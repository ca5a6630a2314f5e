namespace ChaosLab.Harness.Reporting;

/// <summary>One executed Gherkin step. <paramref name="Status"/> is Reqnroll's word for it (passed, failed, skipped, undefined…).</summary>
public sealed record StepRecord(string Keyword, string Text, string Status, TimeSpan Duration, string? Error);
