using System.ComponentModel;
using ChaosLab.Chaos;
using ChaosLab.Chaos.Catalog;
using ChaosLab.Chaos.Engine;
using ChaosLab.Chaos.Model;
using ChaosLab.Client.Flags;
using ChaosLab.Lab.Docker;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands.Chaos;

/// <summary>
/// `chaoslab chaos FAULT [options] [--for DURATION]`: injects one fault of the catalog and proves its
/// effect; with --for it holds the fault, heals it and proves the heal; without, it leaves the fault
/// in place until `chaoslab chaos heal`.
/// </summary>
public sealed class ChaosFaultCommand : AsyncCommand<ChaosFaultCommand.Settings>
{
    public sealed class Settings : ChaosTargetSettings
    {
        [CommandOption("-t|--target <SELECTOR>")]
        [Description("Nodes: NAME, role:ROLE, random:ROLE, pod:NS/NAME, lease:NAME, etcd:leader|follower|minority|majority, or a comma list")]
        public string? Target { get; init; }

        [CommandOption("--peers <SELECTOR>")]
        [Description("The other side (partition), or the peers a loss/latency applies to (default: every other node)")]
        public string? Peers { get; init; }

        [CommandOption("--component <NAME>")]
        [Description("Component faults: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy, haproxy")]
        public string? Component { get; init; }

        [CommandOption("--percent <PERCENT>")]
        [Description("loss: percentage of packets dropped (0 < p <= 100)")]
        public string? Percent { get; init; }

        [CommandOption("--rate <RATE>")]
        [Description("bandwidth: 500kbit, 1mbit, ...")]
        public string? Rate { get; init; }

        [CommandOption("--delay <DURATION>")]
        [Description("latency: added delay (100ms)")]
        public string? Delay { get; init; }

        [CommandOption("--jitter <DURATION>")]
        [Description("latency: ± uniform jitter (default 0)")]
        public string? Jitter { get; init; }

        [CommandOption("--one-way")]
        [Description("partition: drop only what the target sends to the peers")]
        public bool OneWay { get; init; }

        [CommandOption("--for <DURATION>")]
        [Description("Hold the fault this long, then heal it (default: leave it until `chaoslab chaos heal`)")]
        public string? For { get; init; }

        [CommandOption("--after <DURATION>")]
        [Description("Wait this long before injecting")]
        public string? After { get; init; }

        [CommandOption("--repeat <N>")]
        [Description("Inject N times (needs --for)")]
        [DefaultValue(1)]
        public int Repeat { get; init; } = 1;

        [CommandOption("--every <DURATION>")]
        [Description("Pause between repeated rounds (default 0)")]
        public string? Every { get; init; }

        public IReadOnlyDictionary<string, string> FaultOptions()
        {
            var options = new Dictionary<string, string>();
            void Add(string key, string? value)
            {
                if (value is not null)
                {
                    options[key] = value;
                }
            }
            Add("target", Target);
            Add("peers", Peers);
            Add("component", Component);
            Add("percent", Percent);
            Add("rate", Rate);
            Add("delay", Delay);
            Add("jitter", Jitter);
            if (OneWay)
            {
                options["one-way"] = "true";
            }
            return options;
        }

        public FaultSchedule Schedule() =>
            new(Parse(After, "--after") ?? TimeSpan.Zero, Parse(For, "--for"), Repeat, Parse(Every, "--every") ?? TimeSpan.Zero);

        private static TimeSpan? Parse(string? text, string flag)
        {
            if (text is null)
            {
                return null;
            }
            if (text.TrimStart().StartsWith('-'))
            {
                throw new FaultOptionsException($"{flag} must not be negative (got {text})");
            }
            try
            {
                return GoDuration.Parse(text);
            }
            catch (FormatException)
            {
                throw new FaultOptionsException($"{flag} '{text}' is not a duration (write 500ms, 30s, 2m)");
            }
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var faultName = (string)context.Data!;
        // Everything the user typed is checked before anything is touched.
        var options = settings.FaultOptions();
        FaultCatalog.Create(faultName, options);
        var schedule = settings.Schedule();
        schedule.Validate();

        using var docker = new DockerEngine();
        await docker.EnsureReachableAsync(cancellationToken);
        using var env = await settings.EnvironmentAsync(docker, cancellationToken);
        await using var engine = new ChaosEngine(env);
        engine.Timeline.Recorded += TimelineView.Print;
        try
        {
            if (schedule.Duration is null)
            {
                await Task.Delay(schedule.Offset, cancellationToken);
                var active = await engine.InjectAsync(FaultCatalog.Create(faultName, options), null, cancellationToken);
                engine.Detach(active);
                AnsiConsole.MarkupLineInterpolated($"[yellow]{active.Fault.Id}[/] stays in place; heal it with [bold]chaoslab chaos heal{(settings.Containers is null ? $" --name {settings.Name}" : $" --containers {settings.Containers}")}[/]");
                return ExitCodes.Ok;
            }
            await engine.RunAsync(() => FaultCatalog.Create(faultName, options), schedule, cancellationToken);
            return ExitCodes.Ok;
        }
        catch (ChaosException ex)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return ExitCodes.Failed;
        }
    }
}
