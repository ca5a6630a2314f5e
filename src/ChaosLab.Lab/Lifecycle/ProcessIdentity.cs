using System.Globalization;

namespace ChaosLab.Lab.Lifecycle;

/// <summary>
/// A process named by PID and start time ("PID@TICKS"), so that a recycled PID is never taken for
/// the process that created a lab. The reaper asks whether a lab's owner still lives.
/// </summary>
public static class ProcessIdentity
{
    public static string Current { get; } = Of(Environment.ProcessId) ?? $"{Environment.ProcessId}@0";

    public static string? Of(int pid)
    {
        var start = StartTicks(pid);
        return start is null ? null : $"{pid}@{start}";
    }

    public static bool IsAlive(string? identity)
    {
        if (identity is null || identity.Split('@') is not [var pidText, var ticks]
            || !int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }
        return StartTicks(pid) == ticks;
    }

    private static string? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Field 2 (comm) may contain spaces; fields after the closing parenthesis are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[19]; // field 22 overall: starttime
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
