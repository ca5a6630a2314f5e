using ChaosLab.Workloads.Signals;

namespace ChaosLab.Workloads.Pause;

/// <summary>`chaoslab/pause`: does nothing until told to stop, then exits 0 — the pod sandbox's placeholder.</summary>
public static class PauseWorkload
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0)
        {
            await Console.Error.WriteLineAsync($"chaoslab/pause: takes no arguments (got {string.Join(' ', args)})");
            return 2;
        }
        using var termination = new TerminationSignal();
        await termination.Received;
        return 0;
    }
}
