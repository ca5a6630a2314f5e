using System.Globalization;

namespace ChaosLab.Harness.Reporting.Comparison;

/// <summary>The wording the Markdown and HTML comparison pages share.</summary>
internal static class ComparisonText
{
    public static string Bound(BoundCheck? bound) =>
        bound is null ? "—" : $"{ReportText.Seconds(bound.Measured)} of {ReportText.Seconds(bound.Bound)}, {(bound.Met ? "met" : "MISSED")}";

    public static string Counts(RunSummary summary) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{summary.Total}: {summary.Passed} passed, {summary.Failed} failed, {summary.Skipped} skipped, {summary.Ignored} ignored");

    public static string Thresholds(ComparisonThresholds thresholds) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Bound times are flagged when more than {thresholds.Seconds.TotalSeconds:0.##} s and {thresholds.Fraction * 100:0.#} % of the smaller apart; availabilities when more than {thresholds.AvailabilityPoints * 100:0.#} points apart.");

    /// <summary>The scenarios the run's target could not run (skipped, with the reason: the capability it lacked) or was told not to (ignored).</summary>
    public static IReadOnlyList<(string Title, string Why)> NotRun(RunRecord run) =>
        [.. run.Scenarios
            .Where(s => s.Verdict is Verdict.Skipped or Verdict.Ignored)
            .Select(s => (s.Title, $"{ReportText.Verdict(s.Verdict)}{(s.SkipReason is { Length: > 0 } reason ? ", " + ReportText.FirstLine(reason) : "")}"))];
}
