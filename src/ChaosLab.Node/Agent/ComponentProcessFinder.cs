using System.Globalization;

namespace ChaosLab.Node.Agent;

/// <summary>One process as /proc shows it.</summary>
/// <param name="State">The state letter of /proc/PID/stat: R, S, D, T (stopped), Z...</param>
/// <param name="StartTicks">Start time in clock ticks since boot: with the PID, a process's identity.</param>
public sealed record ProcessEntry(int Pid, char State, long StartTicks, IReadOnlyList<string> Args)
{
    public string Line() => string.Create(CultureInfo.InvariantCulture, $"{Pid} {State} {StartTicks} {string.Join(' ', Args)}");
}

/// <summary>
/// Finds a node component's processes by their command line in a /proc tree (the host's, seen through hostPID).
/// A component runs either as its own executable (<c>/usr/bin/kubelet --config ...</c>, <c>etcd</c>,
/// <c>containerd</c>) or as a subcommand of a multi-call executable (<c>dotnet chaoslab-node.dll kubelet</c>,
/// <c>hyperkube kubelet</c>, <c>k3s agent</c> does not separate them and is not matched).
/// </summary>
public static class ComponentProcessFinder
{
    /// <summary>Components by name, with the executable names and multi-call subcommands that run them.</summary>
    private static readonly Dictionary<string, (string[] Executables, string[] Subcommands)> Components = new(StringComparer.Ordinal)
    {
        ["kubelet"] = (["kubelet"], ["kubelet"]),
        ["kube-proxy"] = (["kube-proxy"], ["kube-proxy", "proxy"]),
        ["containerd"] = (["containerd"], []),
        ["etcd"] = (["etcd"], ["etcd"]),
        ["kube-apiserver"] = (["kube-apiserver"], ["apiserver", "kube-apiserver"]),
        ["kube-scheduler"] = (["kube-scheduler"], ["scheduler", "kube-scheduler"]),
        ["kube-controller-manager"] = (["kube-controller-manager"], ["controller-manager", "kube-controller-manager"]),
    };

    private static readonly string[] MultiCallExecutables = ["chaoslab-node", "chaoslab-node.dll", "hyperkube"];

    public static IReadOnlyList<string> Known { get; } = [.. Components.Keys];

    /// <summary>True when this command line runs <paramref name="component"/>.</summary>
    public static bool Matches(string component, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || !Components.TryGetValue(component, out var names))
        {
            return false;
        }
        if (names.Executables.Contains(Path.GetFileName(args[0])))
        {
            return true;
        }
        // A multi-call executable names the component in the argument after it (after "dotnet x.dll" for a .NET one).
        for (var i = 0; i < Math.Min(args.Count - 1, 2); i++)
        {
            if (MultiCallExecutables.Contains(Path.GetFileName(args[i])))
            {
                return names.Subcommands.Contains(args[i + 1]);
            }
        }
        return false;
    }

    /// <summary>The processes of <paramref name="component"/> under <paramref name="procRoot"/>, oldest first.</summary>
    public static IReadOnlyList<ProcessEntry> Find(string procRoot, string component) =>
        All(procRoot).Where(p => Matches(component, p.Args)).OrderBy(p => p.StartTicks).ThenBy(p => p.Pid).ToList();

    /// <summary>Every readable process; those that end while being read are left out.</summary>
    public static IEnumerable<ProcessEntry> All(string procRoot)
    {
        foreach (var dir in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            ProcessEntry? entry;
            try
            {
                entry = Read(pid, File.ReadAllText(Path.Combine(dir, "cmdline")), File.ReadAllText(Path.Combine(dir, "stat")));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (entry is not null)
            {
                yield return entry;
            }
        }
    }

    /// <summary>One process from its cmdline (NUL-separated) and stat; null for kernel threads (empty cmdline).</summary>
    public static ProcessEntry? Read(int pid, string cmdline, string stat)
    {
        ArgumentNullException.ThrowIfNull(cmdline);
        ArgumentNullException.ThrowIfNull(stat);
        var args = cmdline.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        if (args.Length == 0)
        {
            return null;
        }
        // "PID (comm) S ppid ...": comm may hold spaces and parentheses, so fields are counted after the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is the state (field 3 of stat), fields[19] the start time (field 22).
        if (fields.Length < 20 || fields[0].Length != 1 || !long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }
        return new ProcessEntry(pid, fields[0][0], start, args);
    }
}
