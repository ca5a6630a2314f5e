using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands;

public sealed class DownCommand : AsyncCommand<LabSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, LabSettings settings, CancellationToken cancellationToken)
    {
        using var engine = new DockerEngine();
        await engine.EnsureReachableAsync(cancellationToken);
        var removed = await new LabController(engine, TextLabProgress.Silent).DownAsync(settings.Name, cancellationToken);
        if (!removed.Any)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] no lab named '{settings.Name}' exists on this machine; nothing to remove");
            return ExitCodes.NoSuchLab;
        }
        AnsiConsole.MarkupLineInterpolated($"[green]Lab '{settings.Name}' removed[/]: {removed.ToString()}");
        return ExitCodes.Ok;
    }
}
