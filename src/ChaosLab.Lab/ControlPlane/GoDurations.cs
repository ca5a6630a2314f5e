using System.Globalization;

namespace ChaosLab.Lab.ControlPlane;

/// <summary>Writes durations for component flags the way Go's time.Duration prints them in flags: 500ms, 4s.</summary>
public static class GoDurations
{
    public static string Format(TimeSpan t) =>
        t.TotalMilliseconds % 1000 == 0
            ? ((long)t.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
