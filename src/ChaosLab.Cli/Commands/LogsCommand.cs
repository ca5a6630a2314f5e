using System.ComponentModel;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands;

public sealed class LogsCommand : AsyncCommand<LogsCommand.Settings>
{
    public sealed class Settings : LabSettings
    {
        [CommandArgument(0, "<NODE>")]
        [Description("Node name, e.g. cp-1, worker-2, lb")]
        public string Node { get; init; } = "";

        [CommandArgument(1, "[COMPONENT]")]
        [Description("Component, e.g. etcd, haproxy; without it, the node's supervisor output")]
        public string? Component { get; init; }

        [CommandOption("--tail <LINES>")]
        [Description("Lines from the end (default: 200)")]
        [DefaultValue(200)]
        public int Tail { get; init; } = 200;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var engine = new DockerEngine();
        await engine.EnsureReachableAsync(cancellationToken);
        Console.Write(await new LabController(engine, TextLabProgress.Silent).LogsAsync(settings.Name, settings.Node, settings.Component, settings.Tail, cancellationToken));
        return ExitCodes.Ok;
    }
}
