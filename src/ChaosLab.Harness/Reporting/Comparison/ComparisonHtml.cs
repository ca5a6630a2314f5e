using System.Globalization;
using System.Text;

namespace ChaosLab.Harness.Reporting.Comparison;

/// <summary>compare.html: the runs side by side in one self-contained page (inline CSS, no script, opens from file://), linking each run's own report.</summary>
internal static class ComparisonHtml
{
    public const string FileName = "compare.html";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private const string Style = """
        :root { --pass: #15803d; --fail: #b91c1c; --skip: #a16207; --ignore: #6b7280; --line: #d1d5db; --muted: #6b7280; --flag: #fef3c7; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1200px; padding: 16px 24px 64px; color: #111827; }
        h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; margin-top: 28px; } h3 { font-size: 15px; margin: 16px 0 4px; }
        table { border-collapse: collapse; width: 100%; margin: 6px 0; }
        th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-weight: 600; background: #f3f4f6; } td.num { white-space: nowrap; }
        tr.differs td { background: var(--flag); } td.flag { color: #92400e; font-weight: 600; }
        .verdict { display: inline-block; min-width: 58px; text-align: center; border-radius: 4px; color: #fff; font-size: 12px; font-weight: 600; padding: 1px 6px; }
        .verdict.passed { background: var(--pass); } .verdict.failed { background: var(--fail); } .verdict.skipped { background: var(--skip); } .verdict.ignored { background: var(--ignore); } .verdict.missing { background: #e5e7eb; color: #374151; }
        .missed { color: var(--fail); } .muted, .note { color: var(--muted); }
        """;

    public static string Render(RunComparison comparison, string folder)
    {
        var runs = comparison.Runs;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        var title = $"ChaosLab comparison: {string.Join(" vs ", runs.Select(r => $"{r.Letter} ({r.Profiles})"))}";
        html.Append(Inv, $"<title>{Html.Encode(title)}</title>\n<style>\n{Style}</style>\n</head>\n<body>\n<h1>{Html.Encode(title)}</h1>\n");

        html.Append("<table class=\"runs\">\n<tr><th></th>");
        foreach (var run in runs)
            html.Append(Inv, $"<th>{run.Letter}</th>");
        html.Append("</tr>\n");
        Row(html, "Run", runs, r => $"<a href=\"{Html.Encode(RunLink(r, folder))}\">{Html.Encode(r.Name)}</a>");
        Row(html, "Target", runs, r => Html.Encode(r.Run.Target));
        Row(html, "Profile", runs, r => Html.Encode(r.Profiles));
        Row(html, "Started", runs, r => ReportText.Utc(r.Run.StartedAt));
        Row(html, "Duration", runs, r => ReportText.Seconds(RunSummary.Of(r.Run).Duration));
        Row(html, "Scenarios", runs, r => Html.Encode(ComparisonText.Counts(RunSummary.Of(r.Run))));
        Row(html, "Resilience score", runs, r => ReportText.Score(RunSummary.Of(r.Run).Score));
        html.Append("</table>\n");
        html.Append(Inv, $"<p><strong>Differences:</strong> {comparison.VerdictDifferences} scenario(s) with different verdicts, {comparison.BoundDifferences} bound(s) measured differently. <span class=\"note\">{Html.Encode(ComparisonText.Thresholds(comparison.Thresholds))}</span></p>\n");

        html.Append("<h2>Verdicts</h2>\n<table>\n<tr><th>Scenario</th><th>Feature</th>");
        foreach (var run in runs)
            html.Append(Inv, $"<th>{run.Letter}</th>");
        html.Append("<th>Differences</th></tr>\n");
        foreach (var scenario in comparison.Scenarios)
        {
            html.Append(Inv, $"<tr{(scenario.Differences.Count > 0 ? " class=\"differs\"" : "")}><td>{Html.Encode(scenario.Title)}</td><td class=\"muted\">{Html.Encode(scenario.Feature)}</td>");
            foreach (var record in scenario.PerRun)
                html.Append(Inv, $"<td>{Verdict(record)}</td>");
            html.Append(Inv, $"<td class=\"flag\">{Html.Encode(string.Join("; ", scenario.Differences))}</td></tr>\n");
        }
        html.Append("</table>\n");

        var bounded = comparison.Scenarios.Where(s => s.Bounds.Count > 0).ToList();
        if (bounded.Count > 0)
        {
            html.Append("<h2>Bounds: measured of allowed</h2>\n<table>\n<tr><th>Scenario</th><th>Bound</th><th>Kind</th>");
            foreach (var run in runs)
                html.Append(Inv, $"<th>{run.Letter}</th>");
            html.Append("<th>Differences</th></tr>\n");
            foreach (var scenario in bounded)
            {
                foreach (var bound in scenario.Bounds)
                {
                    html.Append(Inv, $"<tr{(bound.Difference is not null ? " class=\"differs\"" : "")}><td>{Html.Encode(scenario.Title)}</td><td>{Html.Encode(bound.What)}</td><td>{Html.Encode(bound.Kind)}</td>");
                    foreach (var check in bound.PerRun)
                        html.Append(Inv, $"<td class=\"num{(check is { Met: false } ? " missed" : "")}\" title=\"{Html.Encode(check?.BoundSource)}\">{Html.Encode(ComparisonText.Bound(check))}</td>");
                    html.Append(Inv, $"<td class=\"flag\">{Html.Encode(bound.Difference)}</td></tr>\n");
                }
            }
            html.Append("</table>\n<p class=\"note\">Hover a cell for where its bound comes from (the run's timing profile).</p>\n");
        }

        var withFaults = comparison.Scenarios.Where(s => s.AvailabilityDuringFaults.Any(a => a is not null)).ToList();
        if (withFaults.Count > 0)
        {
            html.Append("<h2>Availability during faults</h2>\n<table>\n<tr><th>Scenario</th>");
            foreach (var run in runs)
                html.Append(Inv, $"<th>{run.Letter}</th>");
            html.Append("</tr>\n");
            foreach (var scenario in withFaults)
            {
                html.Append(Inv, $"<tr><td>{Html.Encode(scenario.Title)}</td>");
                foreach (var share in scenario.AvailabilityDuringFaults)
                    html.Append(Inv, $"<td class=\"num\">{ReportText.Percent(share)}</td>");
                html.Append("</tr>\n");
            }
            html.Append("</table>\n");
        }

        html.Append("<h2>What each target could not run</h2>\n");
        foreach (var run in runs)
        {
            html.Append(Inv, $"<h3>{run.Letter}: {Html.Encode(run.Run.Target)}</h3>\n");
            var notRun = ComparisonText.NotRun(run.Run);
            if (notRun.Count == 0)
            {
                html.Append("<p class=\"muted\">Every scenario ran.</p>\n");
                continue;
            }
            html.Append("<ul>\n");
            foreach (var (scenarioTitle, why) in notRun)
                html.Append(Inv, $"<li>{Html.Encode(scenarioTitle)}: {Html.Encode(why)}</li>\n");
            html.Append("</ul>\n");
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Row(StringBuilder html, string name, IReadOnlyList<ComparedRun> runs, Func<ComparedRun, string> cell)
    {
        html.Append(Inv, $"<tr><th>{name}</th>");
        foreach (var run in runs)
            html.Append(Inv, $"<td>{cell(run)}</td>");
        html.Append("</tr>\n");
    }

    private static string Verdict(ScenarioRecord? record) =>
        record is null
            ? "<span class=\"verdict missing\">not run</span>"
            : $"<span class=\"verdict {ReportText.Verdict(record.Verdict)}\">{ReportText.Verdict(record.Verdict)}</span>";

    /// <summary>The run's index.html relative to the comparison's folder, so that both folders can move together.</summary>
    private static string RunLink(ComparedRun run, string folder) =>
        Path.GetRelativePath(folder, Path.Combine(run.Folder, IndexHtml.FileName)).Replace('\\', '/');
}
