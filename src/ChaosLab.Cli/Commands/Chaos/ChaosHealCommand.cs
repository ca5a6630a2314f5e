using ChaosLab.Chaos.Engine;
using ChaosLab.Lab.Docker;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands.Chaos;

/// <summary>
/// `chaoslab chaos heal`: heals everything chaos left in a lab's nodes (or the named containers),
/// whether or not a state file remembers it, plus orphaned faults of crashed runs anywhere.
/// </summary>
public sealed class ChaosHealCommand : AsyncCommand<ChaosTargetSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ChaosTargetSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var docker = new DockerEngine();
        await docker.EnsureReachableAsync(cancellationToken);
        var done = new List<string>(await ChaosSweeper.HealOrphansAsync(docker, cancellationToken));
        using var env = await settings.EnvironmentAsync(docker, cancellationToken);
        done.AddRange(await ChaosSweeper.SweepAsync(env, cancellationToken));
        foreach (var line in done)
        {
            AnsiConsole.MarkupLineInterpolated($"healed: {line}");
        }
        var left = await ChaosSweeper.FindLeftoversAsync(env, cancellationToken);
        foreach (var line in left)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]still there:[/] {line}");
        }
        AnsiConsole.MarkupLine(done.Count == 0 && left.Count == 0 ? "Nothing to heal." : left.Count == 0 ? "[green]healed[/]" : "[red]not everything healed[/]");
        return left.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
