using ChaosLab.Workloads.Echo;
using ChaosLab.Workloads.Pause;
using ChaosLab.Workloads.Shell;

namespace ChaosLab.Workloads;

/// <summary>
/// `chaoslab-node workload IMAGE [ARGS...]`: runs the built-in workload an image name stands for, as a
/// container's process. Exit codes: the workload's own; 2 for an unknown image or bad arguments.
/// </summary>
public static class WorkloadCommand
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Runners = new()
    {
        [BuiltInImages.Echo] = EchoServer.RunAsync,
        [BuiltInImages.Pause] = PauseWorkload.RunAsync,
        [BuiltInImages.Shell] = ShellWorkload.RunAsync,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync($"usage: chaoslab-node workload IMAGE [ARGS...]; images: {string.Join(", ", BuiltInImages.All.Keys)}");
            return 2;
        }
        if (!Runners.TryGetValue(BuiltInImages.Normalize(args[0]), out var run))
        {
            await Console.Error.WriteLineAsync($"chaoslab-node workload: {BuiltInImages.UnknownMessage(args[0])}");
            return 2;
        }
        return await run(args[1..]);
    }
}
