using System.Globalization;
using System.Runtime.InteropServices;

namespace ChaosLab.Kubelet.Runtime;

/// <summary>Signals and liveness for container processes, which may be the kubelet's children or adopted after a kubelet restart.</summary>
internal static partial class ProcessSignals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>The process's start time in clock ticks (field 22 of /proc/PID/stat), or null when it is gone.</summary>
    public static long? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // A zombie (state Z) has exited: it only waits to be reaped.
            return fields[0] == "Z" ? null : long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException or FormatException)
        {
            return null;
        }
    }
}
