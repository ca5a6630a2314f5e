using Cronos;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// Whether a CronJob schedule parses as upstream's cron.ParseStandard accepts it: five fields, or one of the
/// @yearly/@annually/@monthly/@weekly/@daily/@midnight/@hourly descriptors, or "@every &lt;duration&gt;".
/// Returns upstream's error text where we know it, else the parser's.
/// </summary>
internal static class CronScheduleRules
{
    private static readonly string[] Descriptors = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

    public static string? Error(string schedule)
    {
        var trimmed = schedule.Trim();
        if (trimmed.StartsWith('@'))
        {
            if (Descriptors.Contains(trimmed, StringComparer.Ordinal)) return null;
            if (trimmed.StartsWith("@every ", StringComparison.Ordinal))
            {
                return GoDuration.TryParse(trimmed["@every ".Length..], out _) ? null : $"failed to parse duration {trimmed}";
            }
            return $"unrecognized descriptor: {trimmed}";
        }
        var fields = trimmed.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return $"expected exactly 5 fields, found {fields.Length}: [{string.Join(' ', fields)}]";
        }
        try
        {
            CronExpression.Parse(string.Join(' ', fields), CronFormat.Standard);
            return null;
        }
        catch (CronFormatException ex)
        {
            return ex.Message;
        }
    }
}
