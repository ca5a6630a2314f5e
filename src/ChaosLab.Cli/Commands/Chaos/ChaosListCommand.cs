using ChaosLab.Chaos.Catalog;
using ChaosLab.Chaos.Engine;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands.Chaos;

/// <summary>`chaoslab chaos list`: the faults there are, and the faults active on this machine.</summary>
public sealed class ChaosListCommand : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        var kinds = new Table().AddColumns("Fault", "Domain", "What it does", "Example");
        foreach (var kind in FaultCatalog.All)
        {
            kinds.AddRow(kind.Name, kind.Domain, Markup.Escape(kind.Summary), Markup.Escape("chaoslab chaos " + kind.Example));
        }
        AnsiConsole.Write(kinds);
        var active = ChaosStateFile.All().SelectMany(f => f.Read().Select(r => (File: f, Record: r))).ToList();
        if (active.Count == 0)
        {
            AnsiConsole.MarkupLine("No fault is active.");
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("Active fault", "Since", "Owner", "State file");
        foreach (var (file, record) in active)
        {
            table.AddRow(Markup.Escape($"{record.Id} {record.Description}"), record.InjectedAt.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(record.Owner), Markup.Escape(file.Path));
        }
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }
}
