using ChaosLab.Chaos.Mechanisms;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab.Docker;

namespace ChaosLab.Chaos.Faults.Nodes;

public enum NodeAction
{
    /// <summary>SIGKILL the container; heal starts it again.</summary>
    Kill,

    /// <summary>Stop it (SIGTERM, then SIGKILL after the grace); heal starts it.</summary>
    Stop,

    /// <summary>Restart it now; nothing to heal but waiting for it to come back.</summary>
    Restart,

    /// <summary>Freeze every process (cgroup freezer); heal thaws it.</summary>
    Pause,

    /// <summary>Stop then start at once: the node's supervisor brings its components back.</summary>
    Reboot,
}

/// <summary>A fault on whole node containers: kill, stop, restart, pause or reboot.</summary>
public sealed class NodeFault(NodeAction action, TargetSelector target) : Fault
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private readonly Dictionary<string, DateTimeOffset?> _startedBefore = [];
    private IReadOnlyList<ChaosNode> _nodes = [];

    public NodeAction Action => action;

    public override string Name => "node-" + action.ToString().ToLowerInvariant();

    public override TimeSpan VerifyTimeout => TimeSpan.FromSeconds(90);

    public override string Describe() => $"{Name} {(_nodes.Count > 0 ? Names(_nodes) : target.Text)}";

    public override async Task<string> InjectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        _nodes = await target.ResolveAsync(env, ct);
        foreach (var node in _nodes)
        {
            Touch(node);
            _startedBefore[node.Name] = (await env.Engine.InspectAsync(node.Container, ct))?.StartedAt;
        }
        await Task.WhenAll(_nodes.Select(node => ApplyAsync(env.Engine, node.Container, ct)));
        return $"{action.ToString().ToLowerInvariant()} {Names(_nodes)}";
    }

    private Task ApplyAsync(IContainerEngine engine, string container, CancellationToken ct) => action switch
    {
        NodeAction.Kill => engine.KillAsync(container, "KILL", ct),
        NodeAction.Stop => engine.StopAsync(container, StopGrace, ct),
        NodeAction.Restart => engine.RestartAsync(container, StopGrace, ct),
        NodeAction.Pause => engine.PauseAsync(container, ct),
        NodeAction.Reboot => RebootAsync(engine, container, ct),
        _ => throw new InvalidOperationException($"unknown node action {action}"),
    };

    private static async Task RebootAsync(IContainerEngine engine, string container, CancellationToken ct)
    {
        await engine.StopAsync(container, StopGrace, ct);
        await engine.StartAsync(container, ct);
    }

    public override async Task<Check> VerifyEffectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        var evidence = new List<string>();
        foreach (var node in _nodes)
        {
            var info = await env.Engine.InspectAsync(node.Container, ct);
            var state = info?.State ?? ContainerState.Unknown;
            var ok = action switch
            {
                NodeAction.Kill or NodeAction.Stop => state is ContainerState.Exited or ContainerState.Dead,
                NodeAction.Pause => state == ContainerState.Paused && (env.Lab is null || !await NodeHealth.SupervisorAnswersAsync(env, node, ct)),
                _ => state == ContainerState.Running && info?.StartedAt != _startedBefore[node.Name],
            };
            var detail = action switch
            {
                NodeAction.Pause when env.Lab is not null => $"{node.Name}: container {state}, supervisor {(ok ? "silent" : "still answering")}",
                NodeAction.Restart or NodeAction.Reboot => $"{node.Name}: container {state}, started {info?.StartedAt:HH:mm:ss.fff} (before {_startedBefore[node.Name]:HH:mm:ss.fff})",
                _ => $"{node.Name}: container {state}",
            };
            if (!ok)
            {
                return Check.Fail(detail);
            }
            evidence.Add(detail);
        }
        return Check.Pass(string.Join("; ", evidence));
    }

    public override async Task<string> HealAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        var done = new List<string>();
        foreach (var node in _nodes)
        {
            var state = (await env.Engine.InspectAsync(node.Container, ct))?.State;
            if (state == ContainerState.Paused)
            {
                await env.Engine.UnpauseAsync(node.Container, ct);
                done.Add($"unpaused {node.Name}");
            }
            else if (state is ContainerState.Exited or ContainerState.Dead or ContainerState.Created)
            {
                await env.Engine.StartAsync(node.Container, ct);
                done.Add($"started {node.Name}");
            }
        }
        return done.Count > 0 ? string.Join(", ", done) : "nothing to undo";
    }

    public override async Task<Check> VerifyHealedAsync(ChaosEnvironment env, CancellationToken ct)
    {
        var checks = await Task.WhenAll(_nodes.Select(n => NodeHealth.CheckAsync(env, n, ct)));
        return new Check(checks.All(c => c.Ok), string.Join("; ", checks.Select(c => c.Evidence)));
    }
}
