using System.Globalization;
using System.Text;

namespace ChaosLab.Harness.Reporting;

/// <summary>
/// A scenario's timeline as an SVG strip: one lane per fault with its window shaded (injected → healed, then healed →
/// heal verified, the effect marked), one lane per event source with a tick per event, and the leader changes.
/// Every mark has a title, so hovering reads the details.
/// </summary>
internal static class TimelineSvg
{
    public const double Width = 960;
    public const double LaneLabelWidth = 150;
    private const double LaneHeight = 22;
    private const double Top = 6;
    private const double AxisHeight = 22;

    private static readonly string[] SourceOrder = ["fault", "node", "lease", "pod", "event", "probe", "step"];
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static TimeScale Scale(ScenarioRecord scenario) => TimeScale.For(scenario, LaneLabelWidth, Width - LaneLabelWidth - 16);

    public static string Render(ScenarioRecord scenario)
    {
        var scale = Scale(scenario);
        var sources = scenario.Timeline.Select(e => e.Source).Distinct()
            .OrderBy(s => Array.IndexOf(SourceOrder, s) is var i && i < 0 ? int.MaxValue : i)
            .ThenBy(s => s, StringComparer.Ordinal)
            .ToList();
        var lanes = scenario.Faults.Count + sources.Count + (scenario.LeaderChanges.Count > 0 ? 1 : 0);
        var lanesBottom = Top + (Math.Max(lanes, 1) * LaneHeight);
        var height = lanesBottom + AxisHeight;

        var svg = new StringBuilder();
        svg.Append(Inv, $"<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Html.Coordinate(height)}\" role=\"img\" aria-label=\"Timeline of {Html.Encode(scenario.Title)}\">\n");

        foreach (var fault in scenario.Faults)
            svg.Append(Inv, $"<rect class=\"fault-shade\" x=\"{Html.Coordinate(scale.X(fault.InjectedAt))}\" y=\"{Top}\" width=\"{Html.Coordinate(Span(scale, fault.InjectedAt, fault.EndOr(scale.To)))}\" height=\"{Html.Coordinate(lanesBottom - Top)}\"/>\n");

        var lane = 0;
        foreach (var fault in scenario.Faults)
            DrawFaultLane(svg, scale, fault, LaneY(lane++));
        foreach (var source in sources)
        {
            var y = LaneY(lane++);
            DrawLaneLabel(svg, y, source);
            foreach (var e in scenario.Timeline.Where(e => e.Source == source))
                DrawTick(svg, scale, y, $"source-{CssName(source)}", e.At, $"{ReportText.Offset(scale.Origin, e.At)} {e.Source} {e.Kind}: {e.Text}");
        }

        if (scenario.LeaderChanges.Count > 0)
        {
            var y = LaneY(lane);
            DrawLaneLabel(svg, y, "leader");
            foreach (var change in scenario.LeaderChanges)
                DrawTick(svg, scale, y, "leader", change.At, $"{ReportText.Offset(scale.Origin, change.At)} {change.Lease}: {change.From ?? "nobody"} → {change.To}");
        }

        DrawAxis(svg, scale, lanesBottom);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>A time axis under a chart: a base line and labelled ticks.</summary>
    public static void DrawAxis(StringBuilder svg, TimeScale scale, double y)
    {
        svg.Append(Inv, $"<line class=\"axis\" x1=\"{Html.Coordinate(scale.Left)}\" x2=\"{Html.Coordinate(scale.Left + scale.Width)}\" y1=\"{Html.Coordinate(y)}\" y2=\"{Html.Coordinate(y)}\"/>\n");
        foreach (var (at, label) in scale.Ticks())
        {
            var x = Html.Coordinate(scale.X(at));
            svg.Append(Inv, $"<line class=\"axis\" x1=\"{x}\" x2=\"{x}\" y1=\"{Html.Coordinate(y)}\" y2=\"{Html.Coordinate(y + 4)}\"/>");
            svg.Append(Inv, $"<text class=\"tick\" x=\"{x}\" y=\"{Html.Coordinate(y + 15)}\" text-anchor=\"middle\">{Html.Encode(label)}</text>\n");
        }
    }

    private static void DrawFaultLane(StringBuilder svg, TimeScale scale, FaultWindow fault, double y)
    {
        DrawLaneLabel(svg, y, fault.Id);
        var healed = fault.HealedAt ?? scale.To;
        var title = $"{fault.Id} {fault.Fault}: {fault.Description}\ninjected {ReportText.Offset(scale.Origin, fault.InjectedAt)}, effect {Offset(scale, fault.EffectAt)}, healed {Offset(scale, fault.HealedAt)}, heal verified {Offset(scale, fault.HealVerifiedAt)}";
        svg.Append(Inv, $"<g><title>{Html.Encode(title)}</title>");
        svg.Append(Inv, $"<rect class=\"fault-window\" x=\"{Html.Coordinate(scale.X(fault.InjectedAt))}\" y=\"{Html.Coordinate(y + 4)}\" width=\"{Html.Coordinate(Span(scale, fault.InjectedAt, healed))}\" height=\"{Html.Coordinate(LaneHeight - 8)}\"/>");
        if (fault.HealedAt is { } healedAt && fault.HealVerifiedAt is { } verifiedAt)
            svg.Append(Inv, $"<rect class=\"fault-healing\" x=\"{Html.Coordinate(scale.X(healedAt))}\" y=\"{Html.Coordinate(y + 4)}\" width=\"{Html.Coordinate(Span(scale, healedAt, verifiedAt))}\" height=\"{Html.Coordinate(LaneHeight - 8)}\"/>");
        if (fault.EffectAt is { } effectAt)
        {
            var x = scale.X(effectAt);
            svg.Append(Inv, $"<path class=\"fault-effect\" d=\"M{Html.Coordinate(x)} {Html.Coordinate(y + 2)} l-4 0 l4 7 l4 -7 z\"/>");
        }

        svg.Append("</g>\n");
    }

    private static void DrawLaneLabel(StringBuilder svg, double y, string label) =>
        svg.Append(Inv, $"<text class=\"lane\" x=\"{Html.Coordinate(LaneLabelWidth - 8)}\" y=\"{Html.Coordinate(y + 15)}\" text-anchor=\"end\">{Html.Encode(label)}</text>\n");

    private static void DrawTick(StringBuilder svg, TimeScale scale, double y, string cssClass, DateTimeOffset at, string title)
    {
        var x = Html.Coordinate(scale.X(at));
        svg.Append(Inv, $"<line class=\"event {cssClass}\" x1=\"{x}\" x2=\"{x}\" y1=\"{Html.Coordinate(y + 3)}\" y2=\"{Html.Coordinate(y + LaneHeight - 3)}\"><title>{Html.Encode(title)}</title></line>\n");
    }

    private static double LaneY(int lane) => Top + (lane * LaneHeight);

    // A window too short to see still gets a sliver.
    private static double Span(TimeScale scale, DateTimeOffset from, DateTimeOffset to) => Math.Max(2, scale.X(to) - scale.X(from));

    private static string Offset(TimeScale scale, DateTimeOffset? at) => at is { } a ? ReportText.Offset(scale.Origin, a) : "never";

    /// <summary>Sources are free text; only the known ones get a color class, the rest a neutral one.</summary>
    private static string CssName(string source) => Array.IndexOf(SourceOrder, source) >= 0 ? source : "other";
}
