using System.Globalization;
using System.Text;

namespace ChaosLab.Harness.Reporting;

/// <summary>
/// One probe's latency over time as SVG, on the scenario's time scale: fault windows shaded, the latency line, failed
/// samples as red dots (at the latency they gave up after) and red ticks along the bottom so that no failure hides in the line.
/// </summary>
internal static class ProbeChartSvg
{
    private const double Height = 170;
    private const double Top = 8;
    private const double PlotBottom = Height - 24;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(ScenarioRecord scenario, ProbeSeries probe)
    {
        var scale = TimelineSvg.Scale(scenario);
        var samples = probe.Samples.OrderBy(s => s.At).ToList();
        var maxLatency = NiceCeiling(samples.Count == 0 ? 1 : samples.Max(s => s.LatencyMs));
        double Y(double latencyMs) => PlotBottom - ((PlotBottom - Top) * Math.Clamp(latencyMs, 0, maxLatency) / maxLatency);

        var svg = new StringBuilder();
        svg.Append(Inv, $"<svg class=\"probe\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {TimelineSvg.Width} {Height}\" role=\"img\" aria-label=\"Latency of {Html.Encode(probe.Name)}\">\n");

        foreach (var fault in scenario.Faults)
        {
            var x = scale.X(fault.InjectedAt);
            svg.Append(Inv, $"<rect class=\"fault-shade\" x=\"{Html.Coordinate(x)}\" y=\"{Top}\" width=\"{Html.Coordinate(Math.Max(2, scale.X(fault.EndOr(scale.To)) - x))}\" height=\"{Html.Coordinate(PlotBottom - Top)}\"><title>{Html.Encode($"{fault.Id} {fault.Fault}")}</title></rect>\n");
        }

        foreach (var fraction in new[] { 0.0, 0.5, 1.0 })
        {
            var y = Html.Coordinate(Y(maxLatency * fraction));
            svg.Append(Inv, $"<line class=\"grid\" x1=\"{Html.Coordinate(scale.Left)}\" x2=\"{Html.Coordinate(scale.Left + scale.Width)}\" y1=\"{y}\" y2=\"{y}\"/>");
            svg.Append(Inv, $"<text class=\"tick\" x=\"{Html.Coordinate(scale.Left - 6)}\" y=\"{y}\" dy=\"4\" text-anchor=\"end\">{ReportText.Number(maxLatency * fraction, "0.#")} ms</text>\n");
        }

        if (samples.Count > 0)
        {
            var points = string.Join(' ', samples.Select(s => $"{Html.Coordinate(scale.X(s.At))},{Html.Coordinate(Y(s.LatencyMs))}"));
            svg.Append(Inv, $"<polyline class=\"latency\" points=\"{points}\"/>\n");
        }

        var failed = samples.Where(s => !s.Ok).ToList();
        if (failed.Count > 0)
        {
            var ticks = string.Concat(failed.Select(s => $"M{Html.Coordinate(scale.X(s.At))} {Html.Coordinate(PlotBottom)}v-6"));
            svg.Append(Inv, $"<path class=\"failed-tick\" d=\"{ticks}\"/>\n");
            foreach (var sample in failed)
            {
                var title = $"{ReportText.Offset(scale.Origin, sample.At)} failed after {ReportText.Number(sample.LatencyMs, "0.#")} ms: {sample.Error}";
                svg.Append(Inv, $"<circle class=\"failed\" cx=\"{Html.Coordinate(scale.X(sample.At))}\" cy=\"{Html.Coordinate(Y(sample.LatencyMs))}\" r=\"2.5\"><title>{Html.Encode(title)}</title></circle>\n");
            }
        }

        TimelineSvg.DrawAxis(svg, scale, PlotBottom);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>1, 2 or 5 times a power of ten, at least the value, so that the axis labels read as round numbers.</summary>
    private static double NiceCeiling(double value)
    {
        if (value <= 1)
            return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1.0, 2, 5, 10 }.Select(m => m * magnitude).First(v => v >= value);
    }
}
