using CliWrap;
using CliWrap.Buffered;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab.Docker;

namespace ChaosLab.Chaos.Mechanisms;

/// <summary>
/// Runs the host's own tools (iptables, tc, ping) inside a container's network namespace with
/// nsenter, so that faults work on any container, even one that has none of those tools.
/// </summary>
public static class Netns
{
    public static async Task<int> PidAsync(IContainerEngine engine, ChaosNode node, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(node);
        var info = await engine.InspectAsync(node.Container, ct)
            ?? throw new ChaosException($"{node.Name}: container {node.Container} does not exist");
        return info.Pid > 0 && info.State is ContainerState.Running or ContainerState.Paused
            ? info.Pid
            : throw new ChaosException($"{node.Name}: container {node.Container} is not running ({info.State}); network faults need it running");
    }

    /// <summary>The PID, or null when the container is gone or stopped (its namespace, and any rule in it, went with it).</summary>
    public static async Task<int?> TryPidAsync(IContainerEngine engine, ChaosNode node, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(node);
        var info = await engine.InspectAsync(node.Container, ct);
        return info is { Pid: > 0, State: ContainerState.Running or ContainerState.Paused } ? info.Pid : null;
    }

    public static async Task<BufferedCommandResult> RunAsync(int pid, IReadOnlyList<string> command, CancellationToken ct, bool check = true)
    {
        ArgumentNullException.ThrowIfNull(command);
        var result = await Cli.Wrap("nsenter")
            .WithArguments(["-t", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-n", "--", .. command])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct);
        if (check && result.ExitCode != 0)
        {
            throw new ChaosException($"`{string.Join(' ', command)}` in the network namespace of PID {pid} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }
        return result;
    }

    public static async Task<BufferedCommandResult> RunAsync(IContainerEngine engine, ChaosNode node, IReadOnlyList<string> command, CancellationToken ct, bool check = true) =>
        await RunAsync(await PidAsync(engine, node, ct), command, ct, check);
}
