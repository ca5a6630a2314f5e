using ChaosLab.Cli;
using ChaosLab.Chaos;
using ChaosLab.Chaos.Catalog;
using ChaosLab.Cli.Commands;
using ChaosLab.Cli.Commands.Chaos;
using ChaosLab.Cli.Commands.Report;
using ChaosLab.Lab;
using ChaosLab.Lab.Topology;
using Spectre.Console;
using Spectre.Console.Cli;

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C: cancel and let the command clean up; a second one ends the process.
    if (!interrupt.IsCancellationRequested)
    {
        e.Cancel = true;
        interrupt.Cancel();
    }
};

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("chaoslab");
    config.UseStrictParsing();
    config.AddCommand<UpCommand>("up").WithDescription("Bring a lab up from a topology file").WithExample("up", "-t", "topologies/ha.yaml");
    config.AddCommand<DownCommand>("down").WithDescription("Remove a lab: containers, network, firewall rules, files");
    config.AddCommand<StatusCommand>("status").WithDescription("Nodes, components and etcd members of a lab; exit 0 when healthy");
    config.AddCommand<LogsCommand>("logs").WithDescription("Logs of a node (its supervisor) or of one component on it").WithExample("logs", "cp-1", "etcd");
    config.AddCommand<CollectLogsCommand>("collect-logs").WithDescription("Copy every node's container output and component logs into one folder").WithExample("collect-logs", "--to", "logs");
    config.AddCommand<KubeconfigCommand>("kubeconfig").WithDescription("Print the path of the lab's kubeconfig");
    config.AddCommand<LoadImageCommand>("load-image").WithDescription("Load images of the host's Docker engine into the container runtime of a lab's pod-running nodes")
        .WithExample("load-image", "chaoslab/echo", "--name", "default");
    config.AddCommand<CleanCommand>("clean").WithDescription("Remove everything carrying the ChaosLab label (all labs, or --name)");
    config.AddCommand<BenchCommand>("bench").WithDescription("Measure image build, up time per topology and node memory");
    config.AddCommand<BenchApiCommand>("bench-api").WithDescription("Measure API server throughput and latency against raw etcd");
    config.AddCommand<BenchPodsCommand>("bench-pods").WithDescription("Measure pod startup latency, scheduling throughput and Service first-answer latency");
    config.AddCommand<MutantsCommand>("mutants").WithDescription("Run the feature catalog against each mutant and write the kill matrix")
        .WithExample("mutants", "--only", "endpoints-lag", "--targeted");
    config.AddBranch("chaos", chaos =>
    {
        chaos.SetDescription("Inject faults into a lab (or any Docker containers), prove their effect, heal them");
        chaos.AddCommand<ChaosListCommand>("list").WithDescription("The faults there are, and the ones active now");
        chaos.AddCommand<ChaosHealCommand>("heal").WithDescription("Heal everything chaos left in a lab's nodes (or --containers)");
        foreach (var kind in FaultCatalog.All)
        {
            chaos.AddCommand<ChaosFaultCommand>(kind.Name).WithData(kind.Name).WithDescription(kind.Summary)
                .WithExample(["chaos", .. kind.Example.Split(' ')]);
        }
    });
    config.AddBranch("report", report =>
    {
        report.SetDescription("Work with run reports under reports/");
        report.AddCommand<ReportCompareCommand>("compare").WithDescription("Runs side by side: verdicts, bounds, availability, what each target could not run (HTML and Markdown)")
            .WithExample("report", "compare", "reports/20261207-231500-fast", "reports/20261207-233000-kubernetes");
    });
    config.SetExceptionHandler((ex, _) => ReportError(ex, interrupt.IsCancellationRequested));
});

return await app.RunAsync(args, interrupt.Token);

static int ReportError(Exception ex, bool interrupted)
{
    switch (ex)
    {
        case TopologyException topology:
            AnsiConsole.MarkupLineInterpolated($"[red]invalid topology[/]");
            Console.Error.WriteLine(topology.Message);
            return ExitCodes.InvalidInput;
        case CommandParseException or CommandRuntimeException:
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return ExitCodes.InvalidInput;
        case FaultOptionsException fault:
            AnsiConsole.MarkupLineInterpolated($"[red]invalid fault:[/] {fault.Message}");
            return ExitCodes.InvalidInput;
        case ChaosException chaos:
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {chaos.Message}");
            return ExitCodes.Failed;
        case LabNotFoundException lab:
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {lab.Message}");
            return ExitCodes.NoSuchLab;
        case InvalidLabInputException lab:
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {lab.Message}");
            return ExitCodes.InvalidInput;
        case LabException lab:
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {lab.Message}");
            return ExitCodes.Failed;
        case OperationCanceledException when interrupted:
            AnsiConsole.MarkupLine("[yellow]interrupted[/]");
            return ExitCodes.Interrupted;
        // A node or the API server that does not answer is an expected failure: one line, no stack trace.
        case HttpRequestException or TimeoutException or OperationCanceledException:
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {(ex is OperationCanceledException ? "no answer in time" : ex.Message)}");
            return ExitCodes.Failed;
        default:
            AnsiConsole.WriteException(ex, ExceptionFormats.ShortenEverything);
            return ExitCodes.Failed;
    }
}
