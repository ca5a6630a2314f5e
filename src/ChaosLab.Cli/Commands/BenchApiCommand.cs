using System.ComponentModel;
using System.Globalization;
using ChaosLab.Cli.Bench;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands;

/// <summary>`chaoslab bench-api`: API server throughput and latency next to raw etcd's, measured in one run.</summary>
public sealed class BenchApiCommand : AsyncCommand<BenchApiCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-n|--name <NAME>")]
        [Description("Use this running lab (default: bring up a fresh `single` lab and remove it afterwards)")]
        public string? Name { get; init; }

        [CommandOption("--count <N>")]
        [Description("Operations per measure (default: 2000)")]
        [DefaultValue(2000)]
        public int Count { get; init; } = 2000;

        [CommandOption("--concurrency <N>")]
        [Description("Requests in flight (default: 16)")]
        [DefaultValue(16)]
        public int Concurrency { get; init; } = 16;

        public override ValidationResult Validate() =>
            Count < 1 || Concurrency < 1 ? ValidationResult.Error("--count and --concurrency must be at least 1") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var engine = new DockerEngine();
        await engine.EnsureReachableAsync(cancellationToken);
        var controller = new LabController(engine, new TextLabProgress(Console.Out));
        return await BenchLab.UseAsync(controller, settings.Name, "single", "bench-api", async lab =>
        {
            var figures = await new ApiBenchmark(lab, settings.Count, settings.Concurrency).RunAsync();
            var table = new Table().AddColumns("Measure", "Ops", "Failed", "Ops/s", "p50 ms", "p99 ms");
            foreach (var f in figures)
            {
                table.AddRow(f.Name, N(f.Count), N(f.Failures), f.PerSecond.ToString("0", CultureInfo.InvariantCulture), f.P50.ToString("0.0", CultureInfo.InvariantCulture), f.P99.ToString("0.0", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            var etcdPut = figures.Single(f => f.Name == "etcd put (raw)");
            var apiCreate = figures.Single(f => f.Name == "API create");
            AnsiConsole.MarkupLineInterpolated($"API create / raw etcd put throughput: {apiCreate.PerSecond / etcdPut.PerSecond:0.00} (target ≥ 0.5)");
            var rate = figures.Single(f => f.Name.StartsWith("API create at 100", StringComparison.Ordinal));
            AnsiConsole.MarkupLineInterpolated($"p99 of single-object writes at 100 writes/s: {rate.P99:0.0} ms (target < 100 ms)");
            return ExitCodes.Ok;
        }, cancellationToken);
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
