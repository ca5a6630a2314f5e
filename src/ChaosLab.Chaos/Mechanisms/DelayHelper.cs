using System.Globalization;
using CliWrap;
using CliWrap.Buffered;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;

namespace ChaosLab.Chaos.Mechanisms;

/// <summary>
/// The latency mechanism on kernels without sch_netem: `chaoslab-node netdelay`, an NFQUEUE consumer
/// started in the node's network namespace, holds each queued packet for delay ± jitter before it
/// accepts it. It runs in its own session so that a fault held by `chaoslab chaos latency` outlives
/// the command; it is stopped by the PID (and start time) recorded when it started.
/// </summary>
public static class DelayHelper
{
    private const string Subcommand = "netdelay";

    public static string LogDirectory => Path.Combine(LabPaths.Home, "chaos", "helpers");

    public static async Task<string> StartAsync(ChaosEnvironment env, ChaosNode node, int queue, TimeSpan delay, TimeSpan jitter, double loss, string faultId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(node);
        var pid = await Netns.PidAsync(env.Engine, node, ct);
        var binDir = env.Lab is { } lab ? LabPaths.For(lab.Name).NodeBin : NodeBinary.BuildDirectory;
        var dll = Path.Combine(binDir, "chaoslab-node.dll");
        if (!File.Exists(dll))
        {
            throw new ChaosException($"the latency helper needs {dll}; build the solution first");
        }
        Directory.CreateDirectory(LogDirectory);
        var log = LogPath(faultId, node);
        string[] helper = [Path.Combine(NodeBinary.DotnetRoot, "dotnet"), dll, Subcommand,
            "--queue", queue.ToString(CultureInfo.InvariantCulture),
            "--delay", Ms(delay), "--jitter", Ms(jitter), "--loss", loss.ToString("0.####", CultureInfo.InvariantCulture)];
        // sh starts the helper in the background and prints its PID; setsid detaches it from our session.
        var script = $"nsenter -t {pid} -n -- setsid {string.Join(' ', helper.Select(Quote))} >{Quote(log)} 2>&1 </dev/null & echo $!";
        var started = await Cli.Wrap("/bin/sh").WithArguments(["-c", script]).ExecuteBufferedAsync(ct);
        var helperPid = int.Parse(started.StandardOutput.Trim(), CultureInfo.InvariantCulture);
        var identity = ProcessIdentity.Of(helperPid) ?? $"{helperPid}@0";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var text = File.Exists(log) ? await File.ReadAllTextAsync(log, ct) : "";
            if (text.Contains("ready", StringComparison.Ordinal))
            {
                return identity;
            }
            if (!ProcessIdentity.IsAlive(identity))
            {
                throw new ChaosException($"{node.Name}: the latency helper exited before it was ready: {text.Trim()}");
            }
            await Task.Delay(100, ct);
        }
        Stop(identity);
        throw new ChaosException($"{node.Name}: the latency helper did not report ready within 15 s (log {log})");
    }

    public static string LogPath(string faultId, ChaosNode node) => Path.Combine(LogDirectory, $"{faultId}-{node?.Name}.log");

    /// <summary>Stops a helper by its recorded identity; false when it was already gone.</summary>
    public static bool Stop(string identity)
    {
        if (!ProcessIdentity.IsAlive(identity))
        {
            return false;
        }
        var pid = int.Parse(identity.Split('@')[0], CultureInfo.InvariantCulture);
        using var process = System.Diagnostics.Process.GetProcessById(pid);
        process.Kill();
        process.WaitForExit(5000);
        return true;
    }

    /// <summary>
    /// PIDs of the latency helpers running in any of these network namespaces (as /proc/PID/ns/net names them,
    /// "net:[4026532…]"): those of one environment's nodes, so another lab's active fault is none of its business.
    /// </summary>
    public static IReadOnlyList<int> RunningIn(IReadOnlySet<string> networkNamespaces)
    {
        ArgumentNullException.ThrowIfNull(networkNamespaces);
        return Running().Where(pid => NetworkNamespaceOf(pid) is { } ns && networkNamespaces.Contains(ns)).ToList();
    }

    /// <summary>The network namespace of a process ("net:[4026532…]"), or null when it is gone or unreadable.</summary>
    public static string? NetworkNamespaceOf(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/ns/net").LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>PIDs of every latency helper running on this machine.</summary>
    public static IReadOnlyList<int> Running()
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (args.Length > 2 && args[1].EndsWith("chaoslab-node.dll", StringComparison.Ordinal) && args[2] == Subcommand)
                {
                    pids.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }
        return pids;
    }

    private static string Ms(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
