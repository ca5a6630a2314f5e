using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace ChaosLab.Harness.Reporting;

/// <summary>How numbers, times and free text read in the human reports (Markdown and HTML), always in the invariant culture.</summary>
internal static partial class ReportText
{
    public static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds >= 120
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes} min {duration.Seconds:00} s")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.00} s");

    public static string Seconds(TimeSpan? duration) => duration is { } d ? Seconds(d) : "—";

    /// <summary>An offset from the scenario's start, "+12.35 s".</summary>
    public static string Offset(DateTimeOffset origin, DateTimeOffset at)
    {
        var seconds = (at - origin).TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture, $"{(seconds < 0 ? "−" : "+")}{Math.Abs(seconds):0.00} s");
    }

    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Utc(DateTimeOffset? at) => at is { } a ? Utc(a) : "—";

    public static string Percent(double? share) =>
        share is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s * 100:0.##} %") : "—";

    public static string Score(double? score) =>
        score is { } s ? s.ToString("0.#", CultureInfo.InvariantCulture) : "n/a";

    public static string Number(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Verdict(Verdict verdict) => verdict.ToString().ToLowerInvariant();

    public static string Bound(BoundCheck? bound) =>
        bound is null
            ? "—"
            : $"{bound.What}: {Seconds(bound.Measured)} of {Seconds(bound.Bound)}, {(bound.Met ? "met" : "MISSED")}";

    public static string FirstLine(string? text, int maxLength = 300)
    {
        var line = (text ?? "").Trim().Split('\n', 2)[0].TrimEnd('\r');
        return line.Length <= maxLength ? line : line[..maxLength] + "…";
    }

    /// <summary>
    /// Text that every report format can carry: console color codes (common in assertion messages) removed, and what XML 1.0
    /// cannot carry even escaped (other control characters, lone surrogates) replaced with U+FFFD.
    /// </summary>
    public static string Printable(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";

        var plain = AnsiEscapeSequence().Replace(text, "");
        var builder = new StringBuilder(plain.Length);
        for (var i = 0; i < plain.Length; i++)
        {
            var c = plain[i];
            if (char.IsHighSurrogate(c) && i + 1 < plain.Length && char.IsLowSurrogate(plain[i + 1]))
                builder.Append(c).Append(plain[++i]);
            else
                builder.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\x1B\[[0-9;?]*[ -/]*[@-~]")]
    private static partial Regex AnsiEscapeSequence();
}
