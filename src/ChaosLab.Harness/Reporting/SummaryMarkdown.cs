using System.Globalization;
using System.Text;

namespace ChaosLab.Harness.Reporting;

/// <summary>summary.md: the run at a glance for a pull request comment or a CI job summary.</summary>
internal static class SummaryMarkdown
{
    public const string FileName = "summary.md";

    public static string Render(RunRecord run)
    {
        var summary = RunSummary.Of(run);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# ChaosLab run {Cell(run.RunId)}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Target: {Cell(run.Target)}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Cell(run.Machine)}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Started: {ReportText.Utc(run.StartedAt)}, duration {ReportText.Seconds(summary.Duration)}");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"- Scenarios: {summary.Total} — {summary.Passed} passed, {summary.Failed} failed, {summary.Skipped} skipped, {summary.Ignored} ignored");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Resilience score: **{ReportText.Score(summary.Score)}** ({summary.ScoredScenarios} scored scenarios)");
        md.AppendLine();

        md.AppendLine("| Scenario | Feature | Verdict | Duration | Worst bound (measured of bound) | Availability during faults | Score |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var scenario in run.Scenarios)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {Cell(scenario.Title)} | {Cell(scenario.Feature)} | {ReportText.Verdict(scenario.Verdict)} | {ReportText.Seconds(scenario.Duration)} | {Cell(ReportText.Bound(WorstBound.Of(scenario)))} | {ReportText.Percent(ResilienceScore.AvailabilityDuringFaults(scenario))} | {ReportText.Score(ResilienceScore.Of(scenario))} |");
        }

        var failed = run.Scenarios.Where(s => s.Verdict == Verdict.Failed).ToList();
        if (failed.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Failures");
            foreach (var scenario in failed)
            {
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture, $"### {Cell(scenario.Feature)} — {Cell(scenario.Title)}");
                md.AppendLine();
                AppendCodeBlock(md, ReportText.Printable(scenario.Failure ?? "(no failure message)"));
            }
        }

        var skipped = run.Scenarios.Where(s => s.Verdict is Verdict.Skipped or Verdict.Ignored).ToList();
        if (skipped.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Not run");
            md.AppendLine();
            foreach (var scenario in skipped)
                md.AppendLine(CultureInfo.InvariantCulture, $"- {Cell(scenario.Title)} ({ReportText.Verdict(scenario.Verdict)}){(scenario.SkipReason is { Length: > 0 } reason ? ": " + Cell(reason) : "")}");
        }

        md.AppendLine();
        md.AppendLine("## Resilience score");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"**{ReportText.Score(summary.Score)}**");
        md.AppendLine();
        md.AppendLine(ResilienceScore.Formula);
        foreach (var scenario in run.Scenarios.Where(ResilienceScore.IsScored))
            md.AppendLine(CultureInfo.InvariantCulture, $"- {Cell(scenario.Title)}: {ResilienceScore.Explain(scenario)}");
        return md.ToString();
    }

    /// <summary>Text that stays inside one table cell or list item: no line breaks, pipes escaped, HTML inert.</summary>
    internal static string Cell(string? text) =>
        ReportText.Printable(text)
            .Replace("\r", "", StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>A fence longer than any backtick run inside, so that failure text containing ``` cannot end the block early.</summary>
    private static void AppendCodeBlock(StringBuilder md, string text)
    {
        var longestRun = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longestRun = Math.Max(longestRun, run);
        }

        var fence = new string('`', Math.Max(3, longestRun + 1));
        md.AppendLine(fence);
        md.AppendLine(text.TrimEnd());
        md.AppendLine(fence);
    }
}
