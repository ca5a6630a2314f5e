using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using ChaosLab.Cli.Mutants;
using ChaosLab.Lab;
using ChaosLab.Lab.Mutants;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands;

/// <summary>
/// Runs the feature catalog once per mutant (each run's labs come up with that mutant, through the harness's
/// CHAOSLAB_MUTANTS) and writes the kill matrix into one report folder. Exit 0 when every mutant was caught.
/// </summary>
public sealed class MutantsCommand : AsyncCommand<MutantsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--only <NAMES>")]
        [Description("Only these mutants (comma list; default: all)")]
        public string? Only { get; init; }

        [CommandOption("--features <FILTER>")]
        [Description("A `dotnet test --filter` for the scenarios run against every mutant (default: the whole catalog)")]
        public string? Features { get; init; }

        [CommandOption("--targeted")]
        [Description("Run each mutant only against the scenario its catalog entry names as the one that catches it")]
        public bool Targeted { get; init; }

        [CommandOption("--list")]
        [Description("List the mutants and exit")]
        public bool List { get; init; }

        [CommandOption("--report <DIR>")]
        [Description("The report folder (default: reports/<time>-mutants)")]
        public string? Report { get; init; }

        [CommandOption("--no-build")]
        [Description("Do not build the features project first")]
        public bool NoBuild { get; init; }
    }

    private const string FeaturesProject = "tests/ChaosLab.Features/ChaosLab.Features.csproj";

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.List)
        {
            ListMutants();
            return ExitCodes.Ok;
        }
        if (settings.Targeted && settings.Features is not null)
        {
            throw new InvalidLabInputException("--targeted and --features both choose the scenarios; give one of them");
        }
        var mutants = settings.Only is { } only ? MutantSelection.Names(only) : MutantCatalog.All;
        var started = DateTimeOffset.UtcNow;
        var folder = Path.GetFullPath(settings.Report ?? Path.Combine(RepositoryFiles.Root, "reports",
            started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-mutants"));
        Directory.CreateDirectory(folder);
        if (!settings.NoBuild && await DotnetAsync(["build", FeaturesProject, "-c", "Release", "-nologo", "-v", "quiet"], null, cancellationToken) != 0)
        {
            throw new LabException("building the features project failed");
        }
        var runs = new List<MutantRun>();
        foreach (var mutant in mutants)
        {
            var filter = settings.Targeted ? mutant.ScenarioFilter : settings.Features ?? "Category!=Unit";
            var runFolder = Path.Combine(folder, mutant.Name);
            AnsiConsole.MarkupLineInterpolated($"[yellow]mutant {mutant.Name}[/] ({mutant.Component}): dotnet test --filter \"{filter}\"");
            var watch = Stopwatch.StartNew();
            await DotnetAsync(["test", FeaturesProject, "-c", "Release", "--no-build", "--nologo", "--filter", filter],
                new Dictionary<string, string> { [MutantSelection.EnvironmentVariable] = mutant.Name, ["CHAOSLAB_REPORT_DIR"] = runFolder },
                cancellationToken);
            var results = Path.Combine(runFolder, "results.json");
            var run = File.Exists(results)
                ? new MutantRun(mutant.Name, mutant.Component, runFolder, watch.Elapsed, MutantResults.Read(results))
                : new MutantRun(mutant.Name, mutant.Component, runFolder, watch.Elapsed, [], "the run wrote no results.json");
            runs.Add(run);
            AnsiConsole.MarkupLineInterpolated($"[yellow]mutant {mutant.Name}[/]: {(run.Caught ? $"caught by {run.FirstCatch!.Title}" : "NOT CAUGHT")} ({watch.Elapsed.TotalSeconds:0} s)");
        }
        var matrix = new KillMatrix(runs, started, DateTimeOffset.UtcNow - started);
        KillMatrixWriter.Write(matrix, folder);
        Console.WriteLine(KillMatrixWriter.SummaryLines(matrix));
        AnsiConsole.MarkupLineInterpolated($"kill matrix: {Path.Combine(folder, KillMatrixWriter.MarkdownFile)} (also {KillMatrixWriter.JsonFile}, {KillMatrixWriter.HtmlFile})");
        return matrix.AllCaught ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static void ListMutants()
    {
        var table = new Table().AddColumns("Mutant", "Component", "Breaks", "Caught by");
        foreach (var m in MutantCatalog.All)
        {
            table.AddRow(Markup.Escape(m.Name), Markup.Escape(m.Component), Markup.Escape(m.Breaks), Markup.Escape(m.CaughtBy));
        }
        AnsiConsole.Write(table);
    }

    private static async Task<int> DotnetAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryFiles.Root, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new LabException("could not start dotnet");
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // The test run's own Ctrl-C handling heals and removes its labs; wait for it.
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }
        return process.ExitCode;
    }
}
