namespace ChaosLab.ControllerManager.Common;

/// <summary>
/// metav1.Time has whole seconds on the wire. Times this controller writes are cut to whole seconds,
/// so what it writes equals what it reads back and never looks like a change.
/// </summary>
internal static class WholeSeconds
{
    public static DateTimeOffset Of(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    public static DateTime Utc(DateTimeOffset time) => Of(time).UtcDateTime;
}
