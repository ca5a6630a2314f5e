using System.Globalization;

namespace ChaosLab.Cli.Bench;

/// <summary>
/// The machine's busy CPU time from /proc/stat (user, nice, system, irq, softirq, steal of every core): what a lab's
/// nodes, their runtimes and pods, and everything else on the host spent. Bench rounds read it before and after.
/// </summary>
internal static class MachineCpu
{
    private const string ProcStat = "/proc/stat";

    /// <summary>The kernel's clock ticks per second for /proc/stat (USER_HZ), 100 on every Linux this runs on.</summary>
    private const double UserHz = 100;

    /// <summary>Busy core-seconds since boot.</summary>
    public static double BusySeconds()
    {
        var line = File.ReadLines(ProcStat).First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        return ParseBusySeconds(line, UserHz);
    }

    public static double ParseBusySeconds(string cpuLine, double ticksPerSecond)
    {
        ArgumentNullException.ThrowIfNull(cpuLine);
        var fields = cpuLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 9 || fields[0] != "cpu")
        {
            throw new FormatException($"{ProcStat}: unexpected first line '{cpuLine}'");
        }
        // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
        int[] busy = [1, 2, 3, 6, 7, 8];
        return busy.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)) / ticksPerSecond;
    }
}
