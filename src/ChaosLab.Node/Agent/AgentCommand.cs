using System.Net;
using System.Runtime.InteropServices;

namespace ChaosLab.Node.Agent;

/// <summary>
/// `chaoslab-node agent`: the in-cluster fault agent, one per node (a privileged hostNetwork, hostPID DaemonSet pod).
/// It opens no port: the harness reaches it through the API server's pods/exec, running `chaoslab-node agent-do ...`
/// in its container. At start it heals whatever an earlier agent left (a crash, a deleted pod), then resumes paused
/// processes at their deadlines, and heals everything again when it is stopped.
/// </summary>
public static class AgentCommand
{
    /// <summary>Where the agent keeps its paused processes, helper PIDs and qdisc devices.</summary>
    public const string StateFolder = "/run/chaoslab-agent";

    /// <summary>The agent's readiness: exists once leftovers are healed.</summary>
    public const string ReadyFile = StateFolder + "/ready";

    public const string ProcRoot = "/proc";

    /// <summary>The node's address, from the downward API (status.hostIP).</summary>
    public const string HostIpVariable = "HOST_IP";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0)
        {
            await Console.Error.WriteLineAsync("usage: chaoslab-node agent (no flags; faults come through `chaoslab-node agent-do`)");
            return 2;
        }
        var actions = Create();
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        // A fresh node (or container) has no state folder yet: make it before anything reads or writes there.
        Directory.CreateDirectory(StateFolder);
        File.Delete(ReadyFile);
        await ReportAsync("start: healed leftovers", await actions.HealAsync(null, CancellationToken.None));
        await File.WriteAllTextAsync(ReadyFile, DateTimeOffset.UtcNow.ToString("O"));
        await Console.Out.WriteLineAsync($"chaoslab-node agent: ready on {Environment.MachineName} (node address {Environment.GetEnvironmentVariable(HostIpVariable) ?? "unknown"})");
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), stop.Token);
                await ReportAsync("deadline reached", actions.ResumeDue());
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by a signal.
        }
        File.Delete(ReadyFile);
        await ReportAsync("stop: healed", await actions.HealAsync(null, CancellationToken.None));
        return 0;
    }

    internal static AgentActions Create() =>
        new(ProcRoot, StateFolder, IPAddress.TryParse(Environment.GetEnvironmentVariable(HostIpVariable), out var address) ? address : null);

    private static async Task ReportAsync(string what, IReadOnlyList<string> done)
    {
        if (done.Count > 0)
        {
            await Console.Out.WriteLineAsync($"chaoslab-node agent: {what}: {string.Join("; ", done)}");
        }
    }
}
