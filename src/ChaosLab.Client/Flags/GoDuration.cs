using System.Globalization;
using System.Text.RegularExpressions;

namespace ChaosLab.Client.Flags;

/// <summary>Durations as Go's time.ParseDuration reads them from flags: "5s", "500ms", "1m30s", "2h"; a bare number is seconds.</summary>
public static partial class GoDuration
{
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bareSeconds))
        {
            return TimeSpan.FromSeconds(bareSeconds);
        }
        var matches = Part().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text)
        {
            throw new FormatException($"'{text}' is not a duration (expected e.g. 5s, 500ms, 1m30s)");
        }
        var total = TimeSpan.Zero;
        foreach (Match match in matches)
        {
            var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            total += match.Groups["unit"].Value switch
            {
                "ns" => TimeSpan.FromTicks((long)(value / 100)),
                "us" or "µs" => TimeSpan.FromMicroseconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromHours(value),
            };
        }
        return total;
    }

    [GeneratedRegex(@"(?<value>\d+(\.\d+)?)(?<unit>ns|us|µs|ms|s|m|h)")]
    private static partial Regex Part();
}
