using System.ComponentModel;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands;

/// <summary>`chaoslab collect-logs`: every node's container output and component logs into one folder, to read or attach to a bug.</summary>
public sealed class CollectLogsCommand : AsyncCommand<CollectLogsCommand.Settings>
{
    public sealed class Settings : LabSettings
    {
        [CommandOption("--to <DIR>")]
        [Description("Folder to write NODE/container.log and NODE/chaoslab/COMPONENT.log into (default: chaoslab-logs-NAME)")]
        public string? Destination { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        LabUp.ValidateName(settings.Name);
        using var engine = new DockerEngine();
        await engine.EnsureReachableAsync(cancellationToken);
        var destination = Path.GetFullPath(settings.Destination ?? $"chaoslab-logs-{settings.Name}");
        var nodes = await LabLogs.CollectAsync(engine, settings.Name, destination, cancellationToken);
        Console.WriteLine($"logs of {nodes.Count} node(s) of lab '{settings.Name}' written to {destination}");
        return ExitCodes.Ok;
    }
}
