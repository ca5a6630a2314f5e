using System.Globalization;
using System.Text;

namespace ChaosLab.Harness.Reporting.Comparison;

/// <summary>compare.md: the runs side by side for a pull request or an issue; the same tables as compare.html.</summary>
internal static class ComparisonMarkdown
{
    public const string FileName = "compare.md";

    private const string Flag = "⚠";

    public static string Render(RunComparison comparison)
    {
        var md = new StringBuilder();
        var runs = comparison.Runs;
        md.AppendLine(CultureInfo.InvariantCulture, $"# ChaosLab comparison: {string.Join(" vs ", runs.Select(r => $"{r.Letter} ({Cell(r.Profiles)})"))}");
        md.AppendLine();
        Runs(md, runs);
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"**Differences:** {comparison.VerdictDifferences} scenario(s) with different verdicts, {comparison.BoundDifferences} bound(s) measured differently. {Cell(ComparisonText.Thresholds(comparison.Thresholds))}");

        md.AppendLine();
        md.AppendLine("## Verdicts");
        md.AppendLine();
        md.AppendLine($"| Scenario | Feature | {string.Join(" | ", runs.Select(r => r.Letter))} | Differences |");
        md.AppendLine($"|---|---|{string.Concat(runs.Select(_ => "---|"))}---|");
        foreach (var scenario in comparison.Scenarios)
        {
            var verdicts = scenario.PerRun.Select(s => s is null ? "not run" : ReportText.Verdict(s.Verdict));
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {Cell(scenario.Title)} | {Cell(scenario.Feature)} | {string.Join(" | ", verdicts)} | {Differences(scenario.Differences)} |");
        }

        var bounded = comparison.Scenarios.Where(s => s.Bounds.Count > 0).ToList();
        if (bounded.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Bounds: measured of allowed");
            md.AppendLine();
            md.AppendLine($"| Scenario | Bound | Kind | {string.Join(" | ", runs.Select(r => r.Letter))} | Differences |");
            md.AppendLine($"|---|---|---|{string.Concat(runs.Select(_ => "---|"))}---|");
            foreach (var scenario in bounded)
            {
                foreach (var bound in scenario.Bounds)
                {
                    md.AppendLine(CultureInfo.InvariantCulture,
                        $"| {Cell(scenario.Title)} | {Cell(bound.What)} | {Cell(bound.Kind)} | {string.Join(" | ", bound.PerRun.Select(ComparisonText.Bound))} | {(bound.Difference is { } d ? $"{Flag} {Cell(d)}" : "")} |");
                }
            }
        }

        var withFaults = comparison.Scenarios.Where(s => s.AvailabilityDuringFaults.Any(a => a is not null)).ToList();
        if (withFaults.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Availability during faults");
            md.AppendLine();
            md.AppendLine($"| Scenario | {string.Join(" | ", runs.Select(r => r.Letter))} |");
            md.AppendLine($"|---|{string.Concat(runs.Select(_ => "---|"))}");
            foreach (var scenario in withFaults)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(scenario.Title)} | {string.Join(" | ", scenario.AvailabilityDuringFaults.Select(ReportText.Percent))} |");
            }
        }

        md.AppendLine();
        md.AppendLine("## What each target could not run");
        foreach (var run in runs)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"### {run.Letter}: {Cell(run.Run.Target)}");
            md.AppendLine();
            var notRun = ComparisonText.NotRun(run.Run);
            if (notRun.Count == 0)
            {
                md.AppendLine("Every scenario ran.");
            }
            foreach (var (title, why) in notRun)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {Cell(title)}: {Cell(why)}");
            }
        }
        return md.ToString();
    }

    private static void Runs(StringBuilder md, IReadOnlyList<ComparedRun> runs)
    {
        md.AppendLine($"| | {string.Join(" | ", runs.Select(r => r.Letter))} |");
        md.AppendLine($"|---|{string.Concat(runs.Select(_ => "---|"))}");
        Row(md, "Run", runs, r => $"`{r.Name}`");
        Row(md, "Target", runs, r => Cell(r.Run.Target));
        Row(md, "Profile", runs, r => Cell(r.Profiles));
        Row(md, "Started", runs, r => ReportText.Utc(r.Run.StartedAt));
        Row(md, "Duration", runs, r => ReportText.Seconds(RunSummary.Of(r.Run).Duration));
        Row(md, "Scenarios", runs, r => ComparisonText.Counts(RunSummary.Of(r.Run)));
        Row(md, "Resilience score", runs, r => ReportText.Score(RunSummary.Of(r.Run).Score));
    }

    private static void Row(StringBuilder md, string name, IReadOnlyList<ComparedRun> runs, Func<ComparedRun, string> cell) =>
        md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", runs.Select(cell))} |");

    private static string Differences(IReadOnlyList<string> differences) =>
        differences.Count == 0 ? "" : $"{Flag} {Cell(string.Join("; ", differences))}";

    private static string Cell(string? text) => SummaryMarkdown.Cell(text);
}
