using System.ComponentModel;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands;

public sealed class CleanCommand : AsyncCommand<CleanCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-n|--name <NAME>")]
        [Description("Only this lab (default: every ChaosLab lab on this machine)")]
        public string? Name { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var engine = new DockerEngine();
        await engine.EnsureReachableAsync(cancellationToken);
        var removed = await new LabController(engine, TextLabProgress.Silent).CleanAsync(settings.Name, cancellationToken);
        foreach (var line in removed)
        {
            AnsiConsole.MarkupLineInterpolated($"removed {line}");
        }
        AnsiConsole.MarkupLineInterpolated($"[green]clean[/]: {removed.Count} labs removed");
        return ExitCodes.Ok;
    }
}
