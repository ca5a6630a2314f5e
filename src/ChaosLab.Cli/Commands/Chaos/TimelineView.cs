using ChaosLab.Chaos.Model;
using Spectre.Console;

namespace ChaosLab.Cli.Commands.Chaos;

/// <summary>Prints fault timeline entries as they are recorded.</summary>
public static class TimelineView
{
    public static void Print(TimelineEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var colour = entry.Phase switch
        {
            FaultPhase.EffectVerified or FaultPhase.HealVerified => "green",
            FaultPhase.EffectNotVerified or FaultPhase.HealNotVerified or FaultPhase.Failed => "red",
            _ => "blue",
        };
        AnsiConsole.MarkupLineInterpolated(
            $"[grey]{entry.At.ToLocalTime():HH:mm:ss.fff}[/] [{colour}]{entry.Phase,-17}[/] {entry.FaultId} {entry.Description} [grey](+{entry.Took.TotalSeconds:0.00} s)[/]");
        AnsiConsole.MarkupLineInterpolated($"    [grey]{entry.Evidence}[/]");
    }
}
