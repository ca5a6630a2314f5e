using CliWrap;
using CliWrap.Buffered;

namespace ChaosLab.Node.Supervisor;

/// <summary>
/// Makes the node's own cgroups writable so that a container runtime in the node can create pod cgroups
/// under them. Docker mounts a node's cgroups read-only: on cgroup v1 each controller is a bind mount
/// of the node container's own cgroup, which a read-write bind remount opens without exposing the rest
/// of the host's hierarchy; pods then land under the node's cgroup (`/docker/ID/...` on the host), so two
/// nodes never share one and the node's memory and CPU figures include its pods. On cgroup v2 the node
/// has a private cgroup namespace: /sys/fs/cgroup is remounted read-write, the node's own processes move
/// to a child (a cgroup with children may hold no processes) and every controller is delegated.
/// </summary>
internal static class NodeCgroups
{
    private const string Root = "/sys/fs/cgroup";

    public static async Task<string> PrepareAsync(CancellationToken ct = default)
    {
        var mounts = CgroupMount.Read(await File.ReadAllTextAsync("/proc/self/mountinfo", ct));
        if (mounts.Any(m => m.Type == "cgroup2" && m.MountPoint == Root))
        {
            return await PrepareV2Async(ct);
        }
        var opened = new List<string>();
        foreach (var mount in mounts.Where(m => m.Type == "cgroup" && m.ReadOnly))
        {
            await RunAsync("mount", ["-o", "remount,bind,rw", mount.MountPoint], ct);
            opened.Add(Path.GetFileName(mount.MountPoint));
        }
        return opened.Count == 0 ? "cgroup v1: already writable" : $"cgroup v1: opened {string.Join(", ", opened)}";
    }

    private static async Task<string> PrepareV2Async(CancellationToken ct)
    {
        await RunAsync("mount", ["-o", "remount,rw", Root], ct);
        var init = Path.Combine(Root, "init");
        Directory.CreateDirectory(init);
        // Every process of the node's root cgroup moves; one that exits meanwhile is no error.
        foreach (var pid in (await File.ReadAllLinesAsync(Path.Combine(Root, "cgroup.procs"), ct)).Where(l => l.Length > 0))
        {
            try
            {
                await File.WriteAllTextAsync(Path.Combine(init, "cgroup.procs"), pid, ct);
            }
            catch (IOException)
            {
            }
        }
        var controllers = (await File.ReadAllTextAsync(Path.Combine(Root, "cgroup.controllers"), ct)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        await File.WriteAllTextAsync(Path.Combine(Root, "cgroup.subtree_control"), string.Join(' ', controllers.Select(c => "+" + c)), ct);
        return $"cgroup v2: delegated {string.Join(", ", controllers)}";
    }

    private static async Task RunAsync(string program, string[] args, CancellationToken ct)
    {
        var result = await Cli.Wrap(program).WithArguments(args).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
        if (result.ExitCode != 0)
        {
            throw new IOException($"`{program} {string.Join(' ', args)}` failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }
    }
}
