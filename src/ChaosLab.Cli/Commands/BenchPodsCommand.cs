using System.ComponentModel;
using ChaosLab.Cli.Bench;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands;

/// <summary>`chaoslab bench-pods`: pod startup latency, scheduling throughput and Service first-answer latency.</summary>
public sealed class BenchPodsCommand : AsyncCommand<BenchPodsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-n|--name <NAME>")]
        [Description("Use this running lab (default: bring up a fresh `ha` lab and remove it afterwards)")]
        public string? Name { get; init; }

        [CommandOption("--pods <N>")]
        [Description("Pods for the startup measure (default: 100)")]
        [DefaultValue(100)]
        public int Pods { get; init; } = 100;

        [CommandOption("--rate <PODS_PER_SECOND>")]
        [Description("Creation rate of the steady-state round, the one the 2 s target applies to (default: 20, upstream's steady-state churn limit)")]
        [DefaultValue(20.0)]
        public double Rate { get; init; } = 20;

        public override ValidationResult Validate() =>
            Pods < 1 ? ValidationResult.Error("--pods must be at least 1")
            : !(Rate > 0) || double.IsInfinity(Rate) ? ValidationResult.Error("--rate must be a positive number of pods per second")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var engine = new DockerEngine();
        await engine.EnsureReachableAsync(cancellationToken);
        var controller = new LabController(engine, new TextLabProgress(Console.Out));
        return await BenchLab.UseAsync(controller, settings.Name, "ha", "bench-pods", async lab =>
        {
            var figures = await new PodBenchmark(lab, engine, settings.Pods, settings.Rate).RunAsync(cancellationToken);
            var table = new Table().AddColumns("Measure", "Value");
            foreach (var (measure, value) in figures)
            {
                table.AddRow(Markup.Escape(measure), value);
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }, cancellationToken);
    }
}
