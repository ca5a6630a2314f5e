using System.Diagnostics;

namespace ChaosLab.Kubelet.Runtime;

/// <summary>
/// Starts a container's process: `setsid ip netns exec NETNS dotnet chaoslab-node.dll workload IMAGE ...`
/// (chaoslab/pause: a shell, see <see cref="PauseScript"/>),
/// output appended to the container's log file. setsid gives it its own session, so a kubelet that
/// stops or dies leaves it running; each exec keeps the PID, so the PID we record is the workload's.
/// </summary>
public sealed class WorkloadLauncher(string dotnet, string nodeDll)
{
    /// <summary>
    /// chaoslab/pause needs no runtime: a shell that sleeps until SIGTERM/SIGINT and then exits 0, like
    /// upstream's pause binary. Starting it costs a fork instead of a .NET start, which is most of a
    /// pod's start-up on a small machine. The comment names it in `ps` output.
    /// </summary>
    public const string PauseScript = "trap 'kill $! 2>/dev/null; exit 0' TERM INT; sleep infinity & wait # chaoslab/pause";

    public Process Start(string netns, ContainerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var info = new ProcessStartInfo("/usr/bin/setsid") { UseShellExecute = false };
        var pause = config.Image == "chaoslab/pause" && config.Command.Count == 0 && config.Args.Count == 0;
        string[] program = pause ? ["/bin/sh", "-c", PauseScript] : [dotnet, nodeDll, "workload", config.Image];
        foreach (var arg in new[] { "ip", "netns", "exec", netns, "/bin/sh", "-c", "exec \"$0\" \"$@\" >>\"$CHAOSLAB_CONTAINER_LOG\" 2>&1 </dev/null" }.Concat(program))
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var arg in pause ? [] : config.Command.Concat(config.Args))
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Clear();
        foreach (var (key, value) in Environment(config))
        {
            info.Environment[key] = value;
        }
        info.Environment["CHAOSLAB_CONTAINER_LOG"] = config.LogPath;
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start container {config.Name}");
    }

    /// <summary>The environment a container's process gets; exec'd commands get the same.</summary>
    public IReadOnlyDictionary<string, string> Environment(ContainerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOME"] = "/root",
            ["DOTNET_ROOT"] = Path.GetDirectoryName(dotnet)!,
            ["DOTNET_gcServer"] = "0",
            ["DOTNET_GCgen0size"] = "0x400000",
        };
        foreach (var (key, value) in config.Environment)
        {
            env[key] = value;
        }
        return env;
    }
}
