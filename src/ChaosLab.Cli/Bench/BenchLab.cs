using ChaosLab.Lab;
using ChaosLab.Lab.Lifecycle;

namespace ChaosLab.Cli.Bench;

/// <summary>
/// The lab a benchmark measures: the running one named with --name, or a fresh lab of the given topology
/// that is removed again afterwards.
/// </summary>
internal static class BenchLab
{
    public static async Task<T> UseAsync<T>(LabController controller, string? name, string topology, string freshName,
        Func<LabState, Task<T>> measure, CancellationToken ct)
    {
        var own = name is null;
        var lab = own
            ? await controller.UpAsync(new UpOptions(Path.Combine(RepositoryFiles.Root, "topologies", topology + ".yaml"), freshName, Persistent: false), ct)
            : LabState.Load(name!);
        try
        {
            return await measure(lab);
        }
        finally
        {
            if (own)
            {
                await controller.DownAsync(lab.Name, CancellationToken.None);
            }
        }
    }
}
