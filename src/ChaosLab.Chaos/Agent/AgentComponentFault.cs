using System.Globalization;
using ChaosLab.Chaos.Faults.Components;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;

namespace ChaosLab.Chaos.Agent;

/// <summary>
/// Kills or pauses a component's processes on the target nodes through their agents, which find them by command
/// line (hostPID). A killed component is restarted by its service manager (systemd, or the lab's supervisor). A
/// paused kubelet or containerd cannot serve the exec that would resume it, so every pause carries a deadline
/// after which the agent resumes it by itself (<see cref="ResumeAfter"/>); healing retries until then.
/// </summary>
public sealed class AgentComponentFault(ComponentFault original, TimeSpan? resumeAfter = null) : AgentFault
{
    private readonly Dictionary<string, IReadOnlyList<AgentProcess>> _before = [];
    private IReadOnlyList<ChaosNode> _nodes = [];
    private DateTimeOffset _pausedAt;

    public TimeSpan ResumeAfter { get; } = resumeAfter ?? TimeSpan.FromSeconds(60);

    public override string Name => original.Name;

    public override TimeSpan VerifyTimeout => TimeSpan.FromSeconds(60);

    public override string Describe() => $"{Name} {original.Component} on {(_nodes.Count > 0 ? Names(_nodes) : original.Target.Text)} (agent)";

    public override async Task<string> InjectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        _nodes = await original.Target.ResolveAsync(env, ct);
        RequireAgents(env, _nodes, $"a {original.Component} fault");
        foreach (var node in _nodes)
        {
            var processes = await PsAsync(env, node, ct);
            _before[node.Name] = processes.Count > 0 ? processes : throw new FaultOptionsException($"{node.Name} runs no {original.Component} process the agent can see");
        }
        var evidence = new List<string>();
        _pausedAt = DateTimeOffset.UtcNow;
        foreach (var node in _nodes)
        {
            Touch(node);
            List<string> args = ["signal", "--id", Id, "--component", original.Component, "--action", original.Action == ComponentAction.Kill ? "kill" : "pause"];
            if (original.Action == ComponentAction.Pause)
            {
                args.AddRange(["--resume-after", string.Create(CultureInfo.InvariantCulture, $"{(long)ResumeAfter.TotalSeconds}s")]);
            }
            await Agents(env).DoAsync(node.Name, args, ct: ct);
            evidence.Add($"{node}: {original.Action.ToString().ToLowerInvariant()} {original.Component} pid {string.Join(",", _before[node.Name].Select(p => p.Pid))}");
        }
        return string.Join("; ", evidence);
    }

    public override async Task<Check> VerifyEffectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        var evidence = new List<string>();
        foreach (var node in _nodes)
        {
            var before = _before[node.Name];
            if (original.Action == ComponentAction.Pause)
            {
                // The agent may not answer while the kubelet it runs under is paused: the signal it reported is the evidence then.
                evidence.Add($"{node}: {original.Component} {string.Join(",", before.Select(p => p.Pid))} sent SIGSTOP, resumed by the agent after {ResumeAfter.TotalSeconds:0} s at the latest");
                continue;
            }
            var now = await PsAsync(env, node, ct);
            var survivors = now.Where(p => before.Any(b => b.Is(p))).ToList();
            var detail = $"{node}: {original.Component} before {string.Join(",", before.Select(p => p.Pid))}, now {(now.Count > 0 ? string.Join(",", now.Select(p => $"{p.Pid} {p.State}")) : "none")}";
            if (survivors.Count > 0)
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
        if (original.Action == ComponentAction.Kill)
        {
            return "nothing to undo (the service manager restarts killed components)";
        }
        var done = new List<string>();
        foreach (var node in _nodes)
        {
            // Until the agent's own deadline has passed, a paused kubelet may keep exec from reaching the agent: retry.
            var giveUp = _pausedAt + ResumeAfter + TimeSpan.FromSeconds(30);
            while (true)
            {
                try
                {
                    var output = await Agents(env).DoAsync(node.Name, ["signal", "--id", Id, "--component", original.Component, "--action", "resume"], TimeSpan.FromSeconds(10), ct);
                    done.Add($"{node}: {output.Replace('\n', ',')}");
                    break;
                }
                catch (ChaosException) when (DateTimeOffset.UtcNow < giveUp)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), ct);
                }
            }
        }
        return string.Join("; ", done);
    }

    public override async Task<Check> VerifyHealedAsync(ChaosEnvironment env, CancellationToken ct)
    {
        var evidence = new List<string>();
        foreach (var node in _nodes)
        {
            var now = await PsAsync(env, node, ct);
            var detail = $"{node}: {original.Component} {(now.Count > 0 ? string.Join(",", now.Select(p => $"{p.Pid} {p.State}")) : "not running")}";
            if (now.Count == 0 || now.Any(p => p.State == 'T'))
            {
                return Check.Fail(detail);
            }
            evidence.Add(detail);
        }
        return Check.Pass(string.Join("; ", evidence));
    }

    private async Task<IReadOnlyList<AgentProcess>> PsAsync(ChaosEnvironment env, ChaosNode node, CancellationToken ct) =>
        AgentProcess.ParseAll(await Agents(env).DoAsync(node.Name, ["ps", "--component", original.Component], ct: ct));
}

/// <summary>A process as `agent-do ps` lists it: "PID STATE START-TICKS ARGS...".</summary>
public sealed record AgentProcess(int Pid, char State, long StartTicks)
{
    public static IReadOnlyList<AgentProcess> ParseAll(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var processes = new List<AgentProcess>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = line.Split(' ', 4);
            if (words.Length >= 3 && int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && words[1].Length == 1
                && long.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
            {
                processes.Add(new AgentProcess(pid, words[1][0], start));
            }
        }
        return processes;
    }

    /// <summary>The same process: PID and start time (state may differ).</summary>
    public bool Is(AgentProcess other) => other is not null && Pid == other.Pid && StartTicks == other.StartTicks;
}
