using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Chaos.Faults.Components;

public enum ComponentAction
{
    /// <summary>SIGKILL the process; its supervisor restarts it after its back-off, as systemd would.</summary>
    Kill,

    /// <summary>Stop it and keep it down until healed.</summary>
    Stop,

    /// <summary>SIGSTOP it; heal sends SIGCONT.</summary>
    Pause,
}

/// <summary>
/// A fault on one component process (etcd, kube-apiserver, kube-scheduler, kubelet...) in each target
/// node, through the node's supervisor. Bundled lab only.
/// </summary>
public sealed class ComponentFault : Fault
{
    private readonly ComponentAction _action;
    private readonly TargetSelector _target;
    private readonly string _component;
    private readonly Dictionary<string, ComponentStatus> _before = [];
    private IReadOnlyList<ChaosNode> _nodes = [];

    public ComponentFault(ComponentAction action, TargetSelector target, string component)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!ComponentNames.All.Contains(component))
        {
            throw new FaultOptionsException($"unknown component '{component}'; components: {string.Join(", ", ComponentNames.All)}");
        }
        _action = action;
        _target = target;
        _component = component;
    }

    public override string Name => "component-" + _action.ToString().ToLowerInvariant();

    public string Component => _component;

    public ComponentAction Action => _action;

    public TargetSelector Target => _target;

    public override TimeSpan VerifyTimeout => TimeSpan.FromSeconds(45);

    public override string Describe() => $"{Name} {_component} on {(_nodes.Count > 0 ? Names(_nodes) : _target.Text)}";

    public override async Task<string> InjectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        env.RequireLab($"a {_component} fault");
        _nodes = await _target.ResolveAsync(env, ct);
        var evidence = new List<string>();
        foreach (var node in _nodes)
        {
            var status = (await env.Supervisor!.ComponentsAsync(env.LabNode(node), ct)).FirstOrDefault(c => c.Name == _component)
                ?? throw new FaultOptionsException($"{node.Name} runs no {_component}");
            _before[node.Name] = status;
        }
        foreach (var node in _nodes)
        {
            Touch(node);
            // A stop waits for the process to exit (an API server drains its requests first): longer than a status read.
            var after = await env.PatientSupervisor!.ActAsync(env.LabNode(node), _component, Verb, ct);
            evidence.Add($"{node.Name}: {_component} pid {_before[node.Name].Pid} → {after.State}");
        }
        return string.Join("; ", evidence);
    }

    private string Verb => _action switch
    {
        ComponentAction.Kill => ComponentActions.Kill,
        ComponentAction.Stop => ComponentActions.Stop,
        _ => ComponentActions.Pause,
    };

    public override async Task<Check> VerifyEffectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        var evidence = new List<string>();
        foreach (var node in _nodes)
        {
            var now = await StatusAsync(env, node, ct);
            var before = _before[node.Name];
            var ok = _action switch
            {
                // The old process is gone: a new PID, more restarts, or waiting to be restarted.
                ComponentAction.Kill => now.Pid != before.Pid || now.Restarts > before.Restarts || now.State == ComponentState.BackingOff,
                ComponentAction.Stop => now.State == ComponentState.Stopped && now.Pid is null,
                _ => now.State == ComponentState.Paused,
            };
            var detail = $"{node.Name}: {_component} {now.State}, pid {now.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} (was {before.Pid}), restarts {now.Restarts}, {(now.Healthy ? "healthy" : "unhealthy")}";
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
            var now = await StatusAsync(env, node, ct);
            var verb = now.State switch
            {
                ComponentState.Stopped => ComponentActions.Start,
                ComponentState.Paused => ComponentActions.Resume,
                _ => null,
            };
            if (verb is not null)
            {
                await env.PatientSupervisor!.ActAsync(env.LabNode(node), _component, verb, ct);
                done.Add($"{verb} {_component} on {node.Name}");
            }
        }
        return done.Count > 0 ? string.Join(", ", done) : "nothing to undo (the supervisor restarts killed components)";
    }

    public override async Task<Check> VerifyHealedAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        var evidence = new List<string>();
        foreach (var node in _nodes)
        {
            var now = await StatusAsync(env, node, ct);
            var detail = $"{node.Name}: {_component} {now.State}, pid {now.Pid}, {(now.Healthy ? "healthy" : $"unhealthy ({now.HealthDetail})")}";
            if (now.State != ComponentState.Running || !now.Healthy)
            {
                return Check.Fail(detail);
            }
            evidence.Add(detail);
        }
        return Check.Pass(string.Join("; ", evidence));
    }

    private async Task<ComponentStatus> StatusAsync(ChaosEnvironment env, ChaosNode node, CancellationToken ct) =>
        (await env.Supervisor!.ComponentsAsync(env.LabNode(node), ct)).First(c => c.Name == _component);
}
