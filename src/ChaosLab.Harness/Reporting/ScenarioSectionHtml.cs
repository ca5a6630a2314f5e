using System.Globalization;
using System.Text;

namespace ChaosLab.Harness.Reporting;

/// <summary>One scenario's section of index.html: what ran, what was injected, what was measured against which bound.</summary>
internal static class ScenarioSectionHtml
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Anchor(int index) => $"scenario-{index + 1}";

    public static void Render(StringBuilder html, ScenarioRecord scenario, int index)
    {
        var verdict = ReportText.Verdict(scenario.Verdict);
        // Failures and fault scenarios are what a reader opens the report for; the rest stay folded.
        var open = scenario.Verdict == Verdict.Failed || scenario.Faults.Count > 0 ? " open" : "";
        html.Append(Inv, $"<section class=\"scenario {verdict}\" id=\"{Anchor(index)}\">\n<details{open}>\n");
        html.Append(Inv, $"<summary><span class=\"verdict {verdict}\">{verdict}</span> <span class=\"title\">{Html.Encode(scenario.Title)}</span> <span class=\"feature\">{Html.Encode(scenario.Feature)}</span> <span class=\"duration\">{ReportText.Seconds(scenario.Duration)}</span></summary>\n");

        html.Append("<dl class=\"facts\">");
        Fact(html, "Test", scenario.Id);
        Fact(html, "Feature file", scenario.FeatureFile);
        Fact(html, "Topology", scenario.Topology);
        Fact(html, "Timing profile", scenario.TimingProfile);
        Fact(html, "Started", ReportText.Utc(scenario.StartedAt));
        Fact(html, "Score", ResilienceScore.Explain(scenario));
        html.Append("</dl>\n");
        if (scenario.Tags.Count > 0)
            html.Append(Inv, $"<p class=\"tags\">{string.Concat(scenario.Tags.Select(t => $"<span class=\"tag\">@{Html.Encode(t)}</span> "))}</p>\n");

        if (scenario.Verdict == Verdict.Failed)
            html.Append(Inv, $"<pre class=\"failure\">{Html.Encode(scenario.Failure ?? "(no failure message)")}</pre>\n");
        if (scenario.SkipReason is { Length: > 0 } reason)
            html.Append(Inv, $"<p class=\"skip-reason\">{verdict}: {Html.Encode(reason)}</p>\n");

        Steps(html, scenario);
        Timeline(html, scenario);
        Bounds(html, scenario);
        Probes(html, scenario);
        LeaderChanges(html, scenario);
        html.Append("</details>\n</section>\n");
    }

    private static void Steps(StringBuilder html, ScenarioRecord scenario)
    {
        if (scenario.Steps.Count == 0)
            return;
        html.Append("<h3>Steps</h3>\n<table class=\"steps\"><thead><tr><th>Step</th><th>Status</th><th class=\"num\">Duration</th></tr></thead><tbody>\n");
        foreach (var step in scenario.Steps)
        {
            html.Append(Inv, $"<tr class=\"step {Html.Encode(step.Status.ToLowerInvariant())}\"><td><b>{Html.Encode(step.Keyword.Trim())}</b> {Html.Encode(step.Text)}</td><td>{Html.Encode(step.Status)}</td><td class=\"num\">{ReportText.Seconds(step.Duration)}</td></tr>\n");
            if (step.Error is { Length: > 0 } error)
                html.Append(Inv, $"<tr class=\"step-error\"><td colspan=\"3\"><pre>{Html.Encode(error)}</pre></td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void Timeline(StringBuilder html, ScenarioRecord scenario)
    {
        if (scenario.Faults.Count == 0 && scenario.Timeline.Count == 0 && scenario.LeaderChanges.Count == 0)
            return;
        var origin = scenario.StartedAt;
        html.Append("<h3>Fault timeline</h3>\n");
        html.Append(TimelineSvg.Render(scenario));
        html.Append("<p class=\"legend\"><span class=\"swatch fault\"></span> fault in place (injected → healed) <span class=\"swatch healing\"></span> healed, heal not yet verified &#160; ▾ effect verified &#160; Times are seconds from the start of the scenario.</p>\n");

        if (scenario.Faults.Count > 0)
        {
            html.Append("<table class=\"faults\"><thead><tr><th>Fault</th><th>What</th><th class=\"num\">Injected</th><th class=\"num\">Effect verified</th><th class=\"num\">Healed</th><th class=\"num\">Heal verified</th><th class=\"num\">In place</th></tr></thead><tbody>\n");
            foreach (var fault in scenario.Faults)
            {
                html.Append(Inv, $"<tr><td><b>{Html.Encode(fault.Id)}</b> {Html.Encode(fault.Fault)}</td><td>{Html.Encode(fault.Description)}</td>");
                html.Append(Inv, $"<td class=\"num\">{Offset(origin, fault.InjectedAt)}</td><td class=\"num\">{Offset(origin, fault.EffectAt)}</td><td class=\"num\">{Offset(origin, fault.HealedAt)}</td><td class=\"num\">{Offset(origin, fault.HealVerifiedAt)}</td>");
                html.Append(Inv, $"<td class=\"num\">{ReportText.Seconds(fault.EndOr(scenario.EndedAt) - fault.InjectedAt)}</td></tr>\n");
            }

            html.Append("</tbody></table>\n");
        }

        if (scenario.Timeline.Count > 0)
        {
            html.Append(Inv, $"<details class=\"events\"><summary>{scenario.Timeline.Count} events</summary>\n<table><thead><tr><th class=\"num\">At</th><th>Time (UTC)</th><th>Source</th><th>Kind</th><th>What</th></tr></thead><tbody>\n");
            foreach (var e in scenario.Timeline.OrderBy(e => e.At))
                html.Append(Inv, $"<tr class=\"source-{Html.Encode(e.Source)}\"><td class=\"num\">{ReportText.Offset(origin, e.At)}</td><td>{ReportText.Utc(e.At)}</td><td>{Html.Encode(e.Source)}</td><td>{Html.Encode(e.Kind)}</td><td>{Html.Encode(e.Text)}</td></tr>\n");
            html.Append("</tbody></table></details>\n");
        }
    }

    private static void Bounds(StringBuilder html, ScenarioRecord scenario)
    {
        if (scenario.Bounds.Count == 0)
            return;
        html.Append("<h3>Bounds</h3>\n<table class=\"bounds\"><thead><tr><th>Check</th><th>Kind</th><th class=\"num\">Measured</th><th class=\"num\">Bound</th><th></th><th>Result</th><th>Bound from</th></tr></thead><tbody>\n");
        foreach (var bound in scenario.Bounds)
        {
            var result = bound.Met ? "met" : "missed";
            html.Append(Inv, $"<tr class=\"{result}\"><td>{Html.Encode(bound.What)}</td><td>{Html.Encode(bound.Kind)}</td><td class=\"num\">{(bound.Measured is null ? "never" : ReportText.Seconds(bound.Measured))}</td><td class=\"num\">{ReportText.Seconds(bound.Bound)}</td>");
            html.Append(Inv, $"<td>{BoundBar(bound)}</td><td class=\"result\">{result}</td><td class=\"source\">{Html.Encode(bound.BoundSource)}</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    /// <summary>The measured time as a bar against the bound as a line, on a scale that fits both.</summary>
    private static string BoundBar(BoundCheck bound)
    {
        const double width = 200;
        var measured = bound.Measured?.TotalSeconds;
        var full = Math.Max(bound.Bound.TotalSeconds, measured ?? 0) * 1.1;
        if (full <= 0)
            return "";
        var boundX = Html.Coordinate(width * bound.Bound.TotalSeconds / full);
        var bar = measured is { } m
            ? $"<rect class=\"{(bound.Met ? "met" : "missed")}\" x=\"0\" y=\"3\" width=\"{Html.Coordinate(Math.Max(1, width * m / full))}\" height=\"10\"/>"
            : $"<text x=\"4\" y=\"12\" class=\"tick\">never happened</text>";
        return $"<svg class=\"bound-bar\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Html.Coordinate(width)} 16\" width=\"{Html.Coordinate(width)}\" height=\"16\"><rect class=\"track\" x=\"0\" y=\"3\" width=\"{Html.Coordinate(width)}\" height=\"10\"/>{bar}<line class=\"bound\" x1=\"{boundX}\" x2=\"{boundX}\" y1=\"0\" y2=\"16\"/></svg>";
    }

    private static void Probes(StringBuilder html, ScenarioRecord scenario)
    {
        if (scenario.Probes.Count == 0)
            return;
        html.Append("<h3>Probes</h3>\n");
        var windows = scenario.FaultIntervals();
        foreach (var probe in scenario.Probes)
        {
            var ok = probe.Samples.Where(s => s.Ok).Select(s => s.LatencyMs).Order().ToList();
            var failed = probe.Samples.Count - ok.Count;
            html.Append(Inv, $"<h4>{Html.Encode(probe.Name)}</h4>\n<p class=\"probe-facts\">availability <b>{ReportText.Percent(probe.Availability)}</b> overall, <b>{ReportText.Percent(probe.AvailabilityDuring(windows))}</b> during faults; ");
            html.Append(Inv, $"{probe.Samples.Count} samples, <span class=\"{(failed > 0 ? "missed" : "")}\">{failed} failed</span>; latency of successes p50 {Latency(ok, 0.5)}, p95 {Latency(ok, 0.95)}, max {Latency(ok, 1)}</p>\n");
            html.Append(ProbeChartSvg.Render(scenario, probe));
        }

        html.Append("<p class=\"legend\"><span class=\"swatch fault\"></span> fault in place <span class=\"swatch line\"></span> latency <span class=\"swatch failed\"></span> failed sample</p>\n");
    }

    private static void LeaderChanges(StringBuilder html, ScenarioRecord scenario)
    {
        if (scenario.LeaderChanges.Count == 0)
            return;
        html.Append("<h3>Leader changes</h3>\n<table class=\"leaders\"><thead><tr><th class=\"num\">At</th><th>Lease</th><th>From</th><th>To</th></tr></thead><tbody>\n");
        foreach (var change in scenario.LeaderChanges.OrderBy(c => c.At))
            html.Append(Inv, $"<tr><td class=\"num\">{ReportText.Offset(scenario.StartedAt, change.At)}</td><td>{Html.Encode(change.Lease)}</td><td>{Html.Encode(change.From ?? "nobody")}</td><td>{Html.Encode(change.To)}</td></tr>\n");
        html.Append("</tbody></table>\n");
    }

    private static void Fact(StringBuilder html, string name, string value)
    {
        if (value.Length > 0)
            html.Append(Inv, $"<dt>{Html.Encode(name)}</dt><dd>{Html.Encode(value)}</dd>");
    }

    private static string Offset(DateTimeOffset origin, DateTimeOffset? at) => at is { } a ? ReportText.Offset(origin, a) : "—";

    /// <summary>Nearest-rank percentile of sorted latencies.</summary>
    private static string Latency(List<double> sorted, double percentile)
    {
        if (sorted.Count == 0)
            return "—";
        var rank = (int)Math.Ceiling(percentile * sorted.Count) - 1;
        return ReportText.Number(sorted[Math.Clamp(rank, 0, sorted.Count - 1)], "0.#") + " ms";
    }
}
