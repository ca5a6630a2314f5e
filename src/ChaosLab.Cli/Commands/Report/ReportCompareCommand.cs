using System.ComponentModel;
using ChaosLab.Harness.Reporting.Comparison;
using ChaosLab.Lab;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands.Report;

/// <summary>
/// `chaoslab report compare RUN_A RUN_B [...]`: runs of the catalog side by side (verdicts, bounds, availability, what each
/// target could not run) in compare.html and compare.md, in a new folder under reports/.
/// </summary>
public sealed class ReportCompareCommand : Command<ReportCompareCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUN>")]
        [Description("Run folders (each holds a results.json), or their names under reports/; two or more")]
        public string[] Runs { get; init; } = [];

        [CommandOption("--reports <DIR>")]
        [Description("Where the comparison's folder goes (default: the repository's reports/)")]
        public string? Reports { get; init; }

        [CommandOption("--threshold-seconds <SECONDS>")]
        [Description("A bound's times differ when further apart than this many seconds (default 1) ...")]
        [DefaultValue(1.0)]
        public double ThresholdSeconds { get; init; } = 1.0;

        [CommandOption("--threshold-percent <PERCENT>")]
        [Description("... and than this percentage of the smaller time (default 50)")]
        [DefaultValue(50.0)]
        public double ThresholdPercent { get; init; } = 50.0;

        public override ValidationResult Validate()
        {
            if (Runs.Length < 2)
            {
                return ValidationResult.Error($"compare needs at least two runs; {Runs.Length} given");
            }
            return ThresholdSeconds < 0 || ThresholdPercent < 0
                ? ValidationResult.Error("thresholds cannot be negative")
                : ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var reports = settings.Reports ?? Path.Combine(RepositoryFiles.Root, "reports");
        var thresholds = ComparisonThresholds.Default with
        {
            Seconds = TimeSpan.FromSeconds(settings.ThresholdSeconds),
            Fraction = settings.ThresholdPercent / 100,
        };
        try
        {
            var (folder, files) = ComparisonReportWriter.Write(settings.Runs, reports, DateTimeOffset.UtcNow, thresholds);
            AnsiConsole.MarkupLineInterpolated($"[green]Compared[/] {settings.Runs.Length} runs into {folder}");
            foreach (var file in files)
            {
                Console.WriteLine(file);
            }
            return ExitCodes.Ok;
        }
        catch (ComparisonInputException ex)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return ExitCodes.InvalidInput;
        }
    }
}
