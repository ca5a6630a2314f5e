using System.Globalization;
using System.Text;

namespace ChaosLab.Harness.Reporting;

/// <summary>
/// index.html: the whole report in one file that opens from file:// with no server and no network. Styles and charts are
/// inline; folding uses &lt;details&gt;, so the page needs no script at all, and its content security policy forbids any.
/// </summary>
internal static class IndexHtml
{
    public const string FileName = "index.html";
    public const string ReqnrollHtmlFileName = "reqnroll_report.html";
    public const string ReqnrollMessagesFileName = "reqnroll_report.ndjson";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private const string Style = """
        :root { --pass: #15803d; --fail: #b91c1c; --skip: #a16207; --ignore: #6b7280; --line: #d1d5db; --muted: #6b7280; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1040px; padding: 16px 24px 64px; color: #111827; }
        h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; margin-top: 28px; } h3 { font-size: 15px; margin: 18px 0 6px; } h4 { font-size: 14px; margin: 12px 0 2px; }
        dl.run, dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
        dt { color: var(--muted); } dd { margin: 0; }
        .counts span { display: inline-block; margin-right: 14px; font-weight: 600; }
        .score { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin: 12px 0; background: #f9fafb; }
        .score .value { font-size: 28px; font-weight: 700; margin-right: 8px; }
        .formula { color: #374151; margin: 6px 0 0; }
        nav a { margin-right: 14px; }
        table { border-collapse: collapse; width: 100%; margin: 6px 0; }
        th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-weight: 600; background: #f3f4f6; } td.num, th.num { text-align: right; white-space: nowrap; }
        .verdict { display: inline-block; min-width: 58px; text-align: center; border-radius: 4px; color: #fff; font-size: 12px; font-weight: 600; padding: 1px 6px; }
        .verdict.passed { background: var(--pass); } .verdict.failed { background: var(--fail); } .verdict.skipped { background: var(--skip); } .verdict.ignored { background: var(--ignore); }
        section.scenario { border: 1px solid var(--line); border-left: 5px solid var(--line); border-radius: 6px; margin: 12px 0; padding: 6px 12px; }
        section.passed { border-left-color: var(--pass); } section.failed { border-left-color: var(--fail); } section.skipped { border-left-color: var(--skip); } section.ignored { border-left-color: var(--ignore); }
        section > details > summary { cursor: pointer; font-size: 15px; padding: 4px 0; }
        summary .title { font-weight: 600; } summary .feature, summary .duration { color: var(--muted); margin-left: 8px; }
        .tag { background: #eef2ff; color: #3730a3; border-radius: 4px; padding: 0 5px; font-size: 12px; }
        pre { white-space: pre-wrap; word-break: break-word; margin: 4px 0; font-size: 12px; }
        pre.failure { background: #fef2f2; border: 1px solid #fecaca; padding: 8px; }
        tr.step.failed td, .missed, tr.missed .result { color: var(--fail); } tr.met .result { color: var(--pass); }
        tr.step.skipped td, tr.step.undefined td, tr.step.pending td { color: var(--skip); }
        td.source, .legend, .probe-facts, .skip-reason { color: #374151; font-size: 13px; }
        svg.timeline, svg.probe { width: 100%; height: auto; display: block; margin: 4px 0; }
        svg text { font: 11px system-ui, sans-serif; fill: #374151; } svg text.tick { fill: var(--muted); }
        .axis, .grid { stroke: #9ca3af; stroke-width: 1; } .grid { stroke: #e5e7eb; }
        .fault-shade { fill: #fee2e2; opacity: .7; } .fault-window { fill: #ef4444; opacity: .75; } .fault-healing { fill: #fca5a5; } .fault-effect { fill: #7f1d1d; }
        line.event { stroke-width: 2; stroke: #6b7280; } line.source-fault { stroke: #b91c1c; } line.source-node { stroke: #7c3aed; } line.source-lease, line.leader { stroke: #0369a1; }
        line.source-pod { stroke: #0f766e; } line.source-event { stroke: #a16207; } line.source-probe { stroke: #db2777; } line.source-step { stroke: #4b5563; }
        .latency { fill: none; stroke: #2563eb; stroke-width: 1.2; } circle.failed { fill: #dc2626; } .failed-tick { stroke: #dc2626; stroke-width: 1.5; }
        .bound-bar rect.track { fill: #f3f4f6; } .bound-bar rect.met { fill: #4ade80; } .bound-bar rect.missed { fill: #f87171; } .bound-bar line.bound { stroke: #111827; stroke-width: 2; }
        .swatch { display: inline-block; width: 14px; height: 10px; vertical-align: middle; margin: 0 3px 0 10px; }
        .swatch.fault { background: #ef4444; } .swatch.healing { background: #fca5a5; } .swatch.line { background: #2563eb; height: 2px; } .swatch.failed { background: #dc2626; border-radius: 50%; width: 8px; height: 8px; }
        details.events summary { cursor: pointer; color: #374151; margin: 6px 0; }
        """;

    public static string Render(RunRecord run, string folder)
    {
        var summary = RunSummary.Of(run);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append(Inv, $"<title>ChaosLab run {Html.Encode(run.RunId)}</title>\n<style>\n{Style}</style>\n</head>\n<body>\n");

        html.Append(Inv, $"<header>\n<h1>ChaosLab resilience report — run {Html.Encode(run.RunId)}</h1>\n<dl class=\"run\">");
        html.Append(Inv, $"<dt>Target</dt><dd>{Html.Encode(run.Target)}</dd><dt>Machine</dt><dd>{Html.Encode(run.Machine)}</dd>");
        html.Append(Inv, $"<dt>Started</dt><dd>{ReportText.Utc(run.StartedAt)}</dd><dt>Ended</dt><dd>{ReportText.Utc(run.EndedAt)}</dd><dt>Duration</dt><dd>{ReportText.Seconds(summary.Duration)}</dd></dl>\n");
        html.Append(Inv, $"<p class=\"counts\"><span>{summary.Total} scenarios</span><span class=\"verdict passed\">{summary.Passed} passed</span> <span class=\"verdict failed\">{summary.Failed} failed</span> <span class=\"verdict skipped\">{summary.Skipped} skipped</span> <span class=\"verdict ignored\">{summary.Ignored} ignored</span></p>\n");
        html.Append(Inv, $"<div class=\"score\"><span class=\"value\">{ReportText.Score(summary.Score)}</span> resilience score over {summary.ScoredScenarios} scored scenarios\n<p class=\"formula\">{Html.Encode(ResilienceScore.Formula)}</p></div>\n");
        Links(html, folder);
        html.Append("</header>\n<main>\n");

        Overview(html, run);
        html.Append("<h2>Scenario details</h2>\n");
        for (var i = 0; i < run.Scenarios.Count; i++)
            ScenarioSectionHtml.Render(html, run.Scenarios[i], i);

        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Links(StringBuilder html, string folder)
    {
        var links = new List<(string File, string Label)>
        {
            (SummaryMarkdown.FileName, "summary.md"),
            (ResultsJson.FileName, "results.json"),
            (JUnitXml.FileName, "junit.xml"),
        };
        // Reqnroll's formatters write into the same folder; link them only when this run produced them.
        if (File.Exists(Path.Combine(folder, ReqnrollHtmlFileName)))
            links.Add((ReqnrollHtmlFileName, "Reqnroll report (steps in Gherkin)"));
        if (File.Exists(Path.Combine(folder, ReqnrollMessagesFileName)))
            links.Add((ReqnrollMessagesFileName, "Cucumber messages"));

        html.Append("<nav>");
        foreach (var (file, label) in links)
            html.Append(Inv, $"<a href=\"{Html.Encode(file)}\">{Html.Encode(label)}</a>");
        html.Append("</nav>\n");
    }

    private static void Overview(StringBuilder html, RunRecord run)
    {
        html.Append("<h2>Scenarios</h2>\n<table class=\"overview\"><thead><tr><th>Verdict</th><th>Scenario</th><th>Feature</th><th class=\"num\">Duration</th><th>Worst bound</th><th class=\"num\">Availability during faults</th><th class=\"num\">Score</th></tr></thead><tbody>\n");
        for (var i = 0; i < run.Scenarios.Count; i++)
        {
            var scenario = run.Scenarios[i];
            var verdict = ReportText.Verdict(scenario.Verdict);
            var worst = WorstBound.Of(scenario);
            html.Append(Inv, $"<tr><td><span class=\"verdict {verdict}\">{verdict}</span></td><td><a href=\"#{ScenarioSectionHtml.Anchor(i)}\">{Html.Encode(scenario.Title)}</a></td><td>{Html.Encode(scenario.Feature)}</td>");
            html.Append(Inv, $"<td class=\"num\">{ReportText.Seconds(scenario.Duration)}</td><td class=\"{(worst is { Met: false } ? "missed" : "")}\">{Html.Encode(ReportText.Bound(worst))}</td>");
            html.Append(Inv, $"<td class=\"num\">{ReportText.Percent(ResilienceScore.AvailabilityDuringFaults(scenario))}</td><td class=\"num\">{ReportText.Score(ResilienceScore.Of(scenario))}</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }
}
