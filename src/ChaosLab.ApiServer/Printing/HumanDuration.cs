using System.Globalization;

namespace ChaosLab.ApiServer.Printing;

/// <summary>
/// Ages as kubectl shows them (apimachinery's duration.HumanDuration): about two to three significant figures,
/// e.g. "45s", "3m12s", "25m", "5h7m", "2d3h", "400d", "3y12d".
/// </summary>
public static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        // Truncation toward zero matches Go's int(d.Seconds()); up to one second in the future still reads "0s"
        // because machine clocks drift.
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 120)
        {
            return Invariant($"{seconds}s");
        }

        var minutes = d.Ticks / TimeSpan.TicksPerMinute;
        if (minutes < 10)
        {
            return seconds % 60 == 0 ? Invariant($"{minutes}m") : Invariant($"{minutes}m{seconds % 60}s");
        }

        if (minutes < 60 * 3)
        {
            return Invariant($"{minutes}m");
        }

        var hours = d.Ticks / TimeSpan.TicksPerHour;
        if (hours < 8)
        {
            return minutes % 60 == 0 ? Invariant($"{hours}h") : Invariant($"{hours}h{minutes % 60}m");
        }

        if (hours < 48)
        {
            return Invariant($"{hours}h");
        }

        var days = hours / 24;
        if (hours < 24 * 8)
        {
            return hours % 24 == 0 ? Invariant($"{days}d") : Invariant($"{days}d{hours % 24}h");
        }

        if (hours < 24 * 365 * 2)
        {
            return Invariant($"{days}d");
        }

        if (hours < 24 * 365 * 8)
        {
            return days % 365 == 0 ? Invariant($"{days / 365}y") : Invariant($"{days / 365}y{days % 365}d");
        }

        return Invariant($"{days / 365}y");
    }

    /// <summary>The age of a timestamp, or "&lt;unknown&gt;" when it is not set.</summary>
    public static string Since(DateTimeOffset? timestamp, DateTimeOffset now) =>
        timestamp is { } t ? Format(now - t) : "<unknown>";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
