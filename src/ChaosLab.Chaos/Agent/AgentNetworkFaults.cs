using System.Globalization;
using ChaosLab.Chaos.Faults.Network;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;

namespace ChaosLab.Chaos.Agent;

/// <summary>Packet loss into the target nodes through their agents: the statistic DROP of the Docker provider, by address.</summary>
public sealed class AgentLossFault(PacketLossFault original) : AgentFault
{
    private IReadOnlyList<ChaosNode> _nodes = [];
    private IReadOnlyList<ChaosNode> _from = [];

    public override string Name => original.Name;

    public override string Describe() => original.Describe() + " (agent)";

    public override async Task<string> InjectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        _nodes = await original.Target.ResolveAsync(env, ct);
        RequireAgents(env, _nodes, "loss");
        _from = original.Peers is null ? env.Nodes.Except(_nodes).ToList() : await original.Peers.ResolveAsync(env, ct);
        var peers = original.Peers is null ? "0.0.0.0/0" : Peers(env, _from);
        var percent = Math.Max(1, (int)Math.Round(original.Percent)).ToString(CultureInfo.InvariantCulture);
        foreach (var node in _nodes)
        {
            Touch(node);
            await Agents(env).DoAsync(node.Name, ["drop", "--id", Id, "--peers", peers, "--percent", percent, "--inbound-only"], ct: ct);
        }
        return $"agents of {Names(_nodes)} drop {percent} % of what arrives from [{peers}]";
    }

    public override async Task<Check> VerifyEffectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        if (_from.Count == 0)
        {
            return Check.Pass("no peer node to measure with; rules installed");
        }
        // From the target: the echo replies arriving at it are what is dropped.
        var result = await PingAsync(env, _nodes[0], _from[0], 100, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1), ct);
        return result.Received < result.Sent || original.Percent < 5
            ? Check.Pass($"{_nodes[0]} ⇄ {_from[0]}: {result}")
            : Check.Fail($"{_nodes[0]} ⇄ {_from[0]}: {result}");
    }

    public override async Task<string> HealAsync(ChaosEnvironment env, CancellationToken ct) => await HealOnAsync(env, _nodes, ct);

    public override async Task<Check> VerifyHealedAsync(ChaosEnvironment env, CancellationToken ct) => await NothingLeftAsync(env, _nodes, ct);
}

/// <summary>A bandwidth cap on what the target nodes send, as a tbf qdisc their agents add to the node's interface.</summary>
public sealed class AgentBandwidthFault(BandwidthFault original) : AgentFault
{
    private IReadOnlyList<ChaosNode> _nodes = [];

    public override string Name => original.Name;

    public override string Describe() => original.Describe() + " (agent)";

    public override async Task<string> InjectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        _nodes = await original.Target.ResolveAsync(env, ct);
        RequireAgents(env, _nodes, "bandwidth");
        // As the Docker provider: at least one full-size packet and about 20 ms of traffic in the bucket.
        var burst = Math.Max(4096, original.BitsPerSecond / 8 / 50).ToString(CultureInfo.InvariantCulture);
        var evidence = new List<string>();
        foreach (var node in _nodes)
        {
            Touch(node);
            evidence.Add($"{node}: {await Agents(env).DoAsync(node.Name, ["bandwidth", "--id", Id, "--rate", original.Rate, "--burst", burst], ct: ct)}");
        }
        return string.Join("; ", evidence);
    }

    public override async Task<Check> VerifyEffectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        foreach (var node in _nodes)
        {
            var status = await Agents(env).DoAsync(node.Name, ["status"], ct: ct);
            if (!status.Contains("qdisc cafe:", StringComparison.Ordinal))
            {
                return Check.Fail($"{node}: no chaos qdisc ({status})");
            }
        }
        return Check.Pass($"tbf qdisc in place on {Names(_nodes)}");
    }

    public override async Task<string> HealAsync(ChaosEnvironment env, CancellationToken ct) => await HealOnAsync(env, _nodes, ct);

    public override async Task<Check> VerifyHealedAsync(ChaosEnvironment env, CancellationToken ct) => await NothingLeftAsync(env, _nodes, ct);
}

/// <summary>Latency on what the target nodes send: the agent's NFQUEUE rule and netdelay helper in the node's namespace.</summary>
public sealed class AgentLatencyFault(LatencyFault original) : AgentFault
{
    private IReadOnlyList<ChaosNode> _nodes = [];
    private IReadOnlyList<ChaosNode> _from = [];
    private double? _baselineMs;

    public override string Name => original.Name;

    public override string Describe() => original.Describe() + " (agent)";

    public override async Task<string> InjectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        _nodes = await original.Target.ResolveAsync(env, ct);
        RequireAgents(env, _nodes, "latency");
        _from = original.Peers is null ? env.Nodes.Except(_nodes).ToList() : await original.Peers.ResolveAsync(env, ct);
        if (_from.Count > 0)
        {
            _baselineMs = (await PingAsync(env, _nodes[0], _from[0], 3, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), ct)).MedianMs;
        }
        var evidence = new List<string>();
        foreach (var node in _nodes)
        {
            Touch(node);
            List<string> args = ["latency", "--id", Id, "--delay", Ms(original.Delay), "--jitter", Ms(original.Jitter)];
            if (original.Peers is not null)
            {
                args.AddRange(["--peers", Peers(env, _from)]);
            }
            evidence.Add($"{node}: {await Agents(env).DoAsync(node.Name, args, ct: ct)}");
        }
        return string.Join("; ", evidence);
    }

    public override async Task<Check> VerifyEffectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        if (_from.Count == 0)
        {
            return Check.Pass("no peer node to measure with; helper and rules installed");
        }
        var result = await PingAsync(env, _nodes[0], _from[0], 5, TimeSpan.FromMilliseconds(50), original.Delay * 2 + TimeSpan.FromSeconds(1), ct);
        var evidence = string.Create(CultureInfo.InvariantCulture, $"{_nodes[0]} → {_from[0]}: {result} (baseline {_baselineMs:0.##} ms)");
        return result.MedianMs - (_baselineMs ?? 0) >= (original.Delay - original.Jitter).TotalMilliseconds * 0.8 ? Check.Pass(evidence) : Check.Fail(evidence);
    }

    public override async Task<string> HealAsync(ChaosEnvironment env, CancellationToken ct) => await HealOnAsync(env, _nodes, ct);

    public override async Task<Check> VerifyHealedAsync(ChaosEnvironment env, CancellationToken ct) => await NothingLeftAsync(env, _nodes, ct);

    private static string Ms(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
