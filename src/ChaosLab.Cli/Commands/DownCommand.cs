using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands;

/// <summary>
/// Removes a lab. It carries on past every error; when something stays, it names each object and why,
/// and exits 1 so a script knows the machine is not clean yet.
/// </summary>
public sealed class DownCommand : AsyncCommand<LabSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, LabSettings settings, CancellationToken cancellationToken)
    {
        using var engine = new DockerEngine();
        await engine.EnsureReachableAsync(cancellationToken);
        var removed = await new LabController(engine, TextLabProgress.Silent).DownAsync(settings.Name, cancellationToken);
        if (!removed.Found)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] no lab named '{settings.Name}' exists on this machine; nothing to remove");
            return ExitCodes.NoSuchLab;
        }
        if (removed.Complete)
        {
            AnsiConsole.MarkupLineInterpolated($"[green]Lab '{settings.Name}' removed[/]: {removed.ToString()}");
            return ExitCodes.Ok;
        }
        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] lab '{settings.Name}' was not removed completely; removed {removed.ToString()}; {removed.Remaining.Count} objects remain:");
        foreach (var left in removed.Remaining)
        {
            AnsiConsole.MarkupLineInterpolated($"  {left.Kind} [bold]{left.Name}[/]: {left.Reason}");
        }
        AnsiConsole.MarkupLineInterpolated($"Run `chaoslab down --name {settings.Name}` again to retry.");
        return ExitCodes.Failed;
    }
}
