using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Image;
using ChaosLab.Lab.Lifecycle;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands;

/// <summary>
/// Prints the lab's speed and memory figures, all measured in one run: node image build cold and
/// warm, time to `up` ready per topology on the warm image, and each node container's memory.
/// </summary>
public sealed class BenchCommand : AsyncCommand<BenchCommand.Settings>
{
    private static readonly string[] DefaultTopologies = ["single", "ha", "ha-external-etcd"];

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--skip-cold")]
        [Description("Do not remove and rebuild the node image (skips the cold build figure)")]
        public bool SkipCold { get; init; }

        [CommandOption("-t|--topology <FILE>")]
        [Description("Topologies to bring up (repeatable; default: single, ha, ha-external-etcd)")]
        public string[]? Topologies { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var engine = new DockerEngine();
        await engine.EnsureReachableAsync(cancellationToken);
        var progress = new TextLabProgress(Console.Out);
        var builder = new NodeImageBuilder(engine, progress);
        var figures = new Table().AddColumns("Measure", "Value");

        if (!settings.SkipCold)
        {
            await engine.RemoveImageAsync(NodeImageRecipe.Reference, cancellationToken);
            var cold = Stopwatch.StartNew();
            await builder.EnsureAsync(cancellationToken);
            figures.AddRow("node image build, cold", Seconds(cold.Elapsed));
        }
        var warm = Stopwatch.StartNew();
        await builder.EnsureAsync(cancellationToken);
        figures.AddRow("node image build, warm (cached)", Seconds(warm.Elapsed));

        var topologies = settings.Topologies is { Length: > 0 } given
            ? given
            : DefaultTopologies.Select(t => Path.Combine(RepositoryFiles.Root, "topologies", t + ".yaml")).ToArray();
        var controller = new LabController(engine, progress);
        var memory = new Table().AddColumns("Topology", "Node", "Memory (MiB)");
        foreach (var topology in topologies)
        {
            var name = "bench-" + Path.GetFileNameWithoutExtension(topology).Replace("external-etcd", "ext", StringComparison.Ordinal);
            var watch = Stopwatch.StartNew();
            var state = await controller.UpAsync(new UpOptions(topology, name, Persistent: false), cancellationToken);
            var elapsed = watch.Elapsed;
            try
            {
                figures.AddRow($"up ready, {state.TopologyName} ({state.Nodes.Count} nodes), warm image", Seconds(elapsed));
                foreach (var node in state.Nodes)
                {
                    var bytes = await engine.MemoryUsageBytesAsync(LabLabels.ContainerName(name, node.Name), cancellationToken);
                    memory.AddRow(state.TopologyName, node.Name, (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture));
                }
            }
            finally
            {
                await controller.DownAsync(name, CancellationToken.None);
            }
        }
        AnsiConsole.Write(figures);
        AnsiConsole.Write(memory);
        return ExitCodes.Ok;
    }

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s";
}
