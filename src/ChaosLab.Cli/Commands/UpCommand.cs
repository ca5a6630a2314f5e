using System.ComponentModel;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Mutants;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands;

public sealed class UpCommand : AsyncCommand<UpCommand.Settings>
{
    public sealed class Settings : LabSettings
    {
        [CommandOption("-t|--topology <FILE>")]
        [Description("Topology file, or the name of a bundled one: single, ha, ha-external-etcd (default: topologies/single.yaml)")]
        public string? Topology { get; init; }

        [CommandOption("--timeout <SECONDS>")]
        [Description("How long to wait for the lab to become ready (default: 90)")]
        public int? TimeoutSeconds { get; init; }

        [CommandOption("--mutant <NAME>")]
        [Description("Run a component as a deliberately broken mutant (repeatable, or a comma list); `chaoslab mutants --list` shows them")]
        public string[] Mutants { get; init; } = [];
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var topology = settings.Topology is { } given ? RepositoryFiles.ResolveTopology(given) : RepositoryFiles.DefaultTopology;
        // An unknown name exits 2 listing the known ones, before anything starts.
        var mutants = MutantSelection.Parse(settings.Mutants);
        using var engine = new DockerEngine();
        await engine.EnsureReachableAsync(cancellationToken);
        var owner = OwnerFromEnvironment();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var state = await SpectreLabProgress.RunAsync(progress =>
            new LabController(engine, progress).UpAsync(
                new UpOptions(topology, settings.Name, Persistent: owner is null, settings.TimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : null, owner,
                    [.. mutants.Mutants.Select(m => m.Name)]),
                cancellationToken));
        AnsiConsole.MarkupLineInterpolated($"[green]Lab '{state.Name}' is up[/] ({state.TopologyName}, {state.Nodes.Count} nodes, profile {state.Profile}) in {watch.Elapsed.TotalSeconds:0.0} s");
        if (!mutants.IsEmpty)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]mutants[/]: {mutants}");
        }
        AnsiConsole.MarkupLineInterpolated($"kubeconfig: {LabPaths.For(state.Name).Kubeconfig}");
        return ExitCodes.Ok;
    }

    private static string? OwnerFromEnvironment()
    {
        if (Environment.GetEnvironmentVariable(UpOptions.OwnerPidVariable) is not { Length: > 0 } text)
        {
            return null;
        }
        return int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var pid) && ProcessIdentity.Of(pid) is { } owner
            ? owner
            : throw new InvalidLabInputException($"{UpOptions.OwnerPidVariable}={text} does not name a running process");
    }
}
