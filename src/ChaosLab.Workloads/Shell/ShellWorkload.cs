using System.ComponentModel;
using System.Diagnostics;
using ChaosLab.Workloads.Signals;

namespace ChaosLab.Workloads.Shell;

/// <summary>
/// `chaoslab/shell`: the container's command and args, joined with spaces, run by `/bin/sh -c` with
/// this process's stdin, stdout and stderr. Its exit code is the container's. SIGTERM and SIGINT are
/// passed on to the shell so that the kubelet's graceful stop reaches the script.
/// </summary>
public static class ShellWorkload
{
    public const string ShellPath = "/bin/sh";

    /// <summary>The script `/bin/sh -c` runs: arguments joined with single spaces, as a container's command line reads.</summary>
    public static string Script(IReadOnlyList<string> args) => string.Join(' ', args ?? []);

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync("chaoslab/shell: give a command, e.g. `chaoslab-node workload chaoslab/shell 'echo hi; sleep 5'`");
            return 2;
        }
        var start = new ProcessStartInfo(ShellPath) { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script(args));
        // Registered before the start, so a stop that comes early is not the runtime's default exit.
        Process? child = null;
        using var termination = new TerminationSignal(signal =>
        {
            if (Volatile.Read(ref child) is { } running)
            {
                ProcessSignals.TrySend(running.Id, ProcessSignals.ToNumber(signal));
            }
        });
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{ShellPath} did not start");
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"chaoslab/shell: cannot start {ShellPath}: {ex.Message}");
            return 127;
        }
        using var started = process;
        Volatile.Write(ref child, process);
        if (termination.Received.IsCompleted)
        {
            ProcessSignals.TrySend(process.Id, ProcessSignals.ToNumber(await termination.Received));
        }
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
