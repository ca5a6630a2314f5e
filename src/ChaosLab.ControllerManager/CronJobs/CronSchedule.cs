using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace ChaosLab.ControllerManager.CronJobs;

/// <summary>
/// A CronJob's schedule in its time zone, as upstream's cron.ParseStandard reads it: five fields, the
/// @yearly/@monthly/@weekly/@daily/@midnight/@hourly descriptors (Cronos), or "@every &lt;duration&gt;".
/// </summary>
internal sealed partial class CronSchedule
{
    private readonly CronExpression? _expression;
    private readonly TimeSpan _every;
    private readonly TimeZoneInfo _zone;

    private CronSchedule(CronExpression? expression, TimeSpan every, TimeZoneInfo zone) =>
        (_expression, _every, _zone) = (expression, every, zone);

    public TimeZoneInfo Zone => _zone;

    /// <summary>The schedule, or null with the reason when it does not parse or the zone is unknown.</summary>
    public static CronSchedule? TryParse(string schedule, string? timeZone, out string error)
    {
        error = "";
        TimeZoneInfo zone;
        if (string.IsNullOrEmpty(timeZone) || timeZone == "UTC")
        {
            zone = TimeZoneInfo.Utc;
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out zone!))
        {
            error = $"unknown time zone {timeZone}";
            return null;
        }
        var text = schedule.Trim();
        if (text.StartsWith("@every ", StringComparison.Ordinal))
        {
            var match = Every().Match(text["@every ".Length..].Trim());
            if (!match.Success)
            {
                error = $"failed to parse duration {text}";
                return null;
            }
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var every = match.Groups[2].Value switch { "h" => TimeSpan.FromHours(value), "m" => TimeSpan.FromMinutes(value), _ => TimeSpan.FromSeconds(value) };
            // robfig/cron rounds the delay to whole seconds, at least one.
            return new CronSchedule(null, TimeSpan.FromSeconds(Math.Max(1, Math.Floor(every.TotalSeconds))), zone);
        }
        try
        {
            var normalized = text.StartsWith('@') ? text : string.Join(' ', text.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
            return new CronSchedule(CronExpression.Parse(normalized, CronFormat.Standard), TimeSpan.Zero, zone);
        }
        catch (CronFormatException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>The first activation strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        if (_expression is null)
        {
            var whole = new DateTimeOffset(after.UtcTicks - (after.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            return whole + _every;
        }
        return _expression.GetNextOccurrence(after.UtcDateTime, _zone) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
    }

    /// <summary>
    /// The latest activation in (earliest, now], and whether more than one was missed; null when none fell due.
    /// Searched in growing windows back from now, so a schedule missed for a long time costs little.
    /// </summary>
    public (DateTimeOffset Time, bool MissedSeveral)? MostRecent(DateTimeOffset earliest, DateTimeOffset now)
    {
        if (Next(earliest) is not { } first || first > now) return null;
        for (var window = TimeSpan.FromMinutes(2); ; window *= 4)
        {
            var from = now - window > earliest ? now - window : earliest;
            DateTimeOffset? latest = null;
            var count = 0;
            for (var t = Next(from); t is { } at && at <= now; t = Next(at))
            {
                latest = at;
                count++;
            }
            if (latest is { } found) return (found, count > 1 || from > earliest);
            if (from == earliest) return null;
        }
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]*)?)(h|m|s)$")]
    private static partial Regex Every();
}
