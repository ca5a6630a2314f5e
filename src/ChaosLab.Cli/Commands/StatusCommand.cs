using System.ComponentModel;
using System.Text.Json;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Topology;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands;

public sealed class StatusCommand : AsyncCommand<StatusCommand.Settings>
{
    private static readonly JsonSerializerOptions JsonOutput = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public sealed class Settings : LabSettings
    {
        [CommandOption("--json")]
        [Description("Print the status as JSON")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var engine = new DockerEngine();
        await engine.EnsureReachableAsync(cancellationToken);
        var status = await new LabController(engine, TextLabProgress.Silent).StatusAsync(settings.Name, cancellationToken);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                status.Healthy,
                status.State,
                Nodes = status.Nodes.Select(n => new { n.Node.Name, Role = n.Node.Role.ToString(), Address = n.Node.Address.ToString(), n.Container, n.Components, n.SupervisorError }),
                status.Etcd,
                status.Kubeconfig,
            }, JsonOutput));
            return status.Healthy ? ExitCodes.Ok : ExitCodes.Failed;
        }

        var state = status.State;
        AnsiConsole.MarkupLineInterpolated($"Lab [bold]{state.Name}[/] ({state.Id}) topology [bold]{state.TopologyName}[/], profile {state.Profile}, network {state.Network} {state.NodeSubnet}, {state.Phase}");
        var nodes = new Table().AddColumns("Node", "Role", "Address", "Container", "Components");
        foreach (var node in status.Nodes)
        {
            var components = node.SupervisorError is { } error
                ? $"[red]{Markup.Escape(error)}[/]"
                : node.Components.Count == 0 ? "[grey]none[/]" : string.Join(", ", node.Components.Select(c =>
                    $"{(c.Healthy ? "[green]" : "[red]")}{Markup.Escape(c.Name)}[/] {c.State.ToString().ToLowerInvariant()}{(c.Restarts > 0 ? $" ({c.Restarts} restarts)" : "")}"));
            var container = node.Container == ContainerState.Running ? "[green]running[/]" : $"[red]{node.Container.ToString().ToLowerInvariant()}[/]";
            nodes.AddRow(Markup.Escape(node.Node.Name), node.Node.Role.ToYaml(), node.Node.Address.ToString(), container, components);
        }
        AnsiConsole.Write(nodes);

        var etcd = new Table().AddColumns("etcd member", "Health", "Leader", "Version", "Raft term", "DB size");
        foreach (var member in status.Etcd)
        {
            etcd.AddRow(member.Node,
                member.Healthy ? "[green]healthy[/]" : $"[red]unhealthy[/] {Markup.Escape(member.Error ?? "")}",
                member.IsLeader ? "[bold]leader[/]" : "follower",
                member.Version, member.RaftTerm.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{member.DbSizeBytes / 1024} KiB");
        }
        AnsiConsole.Write(etcd);
        AnsiConsole.MarkupLineInterpolated($"kubeconfig: {status.Kubeconfig}");
        AnsiConsole.MarkupLine(status.Healthy ? "[green]healthy[/]"
            : state.Phase != LabPhase.Ready ? "[red]unhealthy[/]: its `up` did not finish; remove it with `chaoslab down`" : "[red]unhealthy[/]");
        return status.Healthy ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
