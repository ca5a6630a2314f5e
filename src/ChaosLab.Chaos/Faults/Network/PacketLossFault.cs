using System.Globalization;
using ChaosLab.Chaos.Mechanisms;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;

namespace ChaosLab.Chaos.Faults.Network;

/// <summary>
/// Drops a fraction of the packets arriving at the target nodes (from the given peers, or from every
/// node), with the iptables statistic match in INPUT and FORWARD. One direction only, so that a
/// ping measures the loss asked for rather than its square.
/// </summary>
public sealed class PacketLossFault : Fault
{
    private readonly TargetSelector _target;
    private readonly TargetSelector? _peers;
    private readonly double _fraction;
    private IReadOnlyList<ChaosNode> _nodes = [];
    private IReadOnlyList<ChaosNode> _from = [];

    public PacketLossFault(TargetSelector target, double percent, TargetSelector? peers = null)
    {
        _target = target ?? throw new ArgumentNullException(nameof(target));
        if (double.IsNaN(percent) || percent <= 0 || percent > 100)
        {
            throw new FaultOptionsException($"loss must be more than 0 and at most 100 percent (got {percent.ToString(CultureInfo.InvariantCulture)})");
        }
        _fraction = percent / 100;
        _peers = peers;
    }

    public override string Name => "loss";

    public TargetSelector Target => _target;

    public TargetSelector? Peers => _peers;

    public double Percent => _fraction * 100;

    public override string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"loss {_fraction * 100:0.##} % into {(_nodes.Count > 0 ? Names(_nodes) : _target.Text)}{(_peers is null ? "" : $" from {_peers}")}");

    public override async Task<string> InjectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        _nodes = await _target.ResolveAsync(env, ct);
        _from = _peers is null ? env.Nodes.Except(_nodes).ToList() : await _peers.ResolveAsync(env, ct);
        var probability = _fraction.ToString("0.####", CultureInfo.InvariantCulture);
        IReadOnlyList<IReadOnlyList<string>> matches = _peers is null
            ? [[]]
            : [.. await Task.WhenAll(_from.Select(async p => (IReadOnlyList<string>)["-m", "mac", "--mac-source", await NodeMac.OfAsync(env.Engine, p, ct)]))];
        foreach (var node in _nodes)
        {
            Touch(node);
            foreach (var match in matches)
            {
                foreach (var chain in new[] { "INPUT", "FORWARD" })
                {
                    await ChaosRules.InsertAsync(env.Engine, node, chain, [.. match, "-m", "statistic", "--mode", "random", "--probability", probability, "-j", "DROP"], Id, ct);
                }
            }
        }
        return $"statistic DROP p={probability} in {Names(_nodes)}";
    }

    public override async Task<Check> VerifyEffectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (_from.Count == 0)
        {
            return Check.Pass("no peer node to measure from; rules installed");
        }
        var result = await Ping.RunAsync(env.Engine, _from[0], _nodes[0].Address, 100, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1), ct);
        // A tiny loss may show no drop in 100 packets; then the rule counters are the evidence.
        if (result.Received < result.Sent || _fraction < 0.05)
        {
            return Check.Pass($"{_from[0]} → {_nodes[0]}: {result}");
        }
        return Check.Fail($"{_from[0]} → {_nodes[0]}: {result}");
    }

    public override async Task<string> HealAsync(ChaosEnvironment env, CancellationToken ct) =>
        $"removed {await NetworkHeal.RemoveRulesAsync(env, _nodes, Id, ct)} rules";

    public override async Task<Check> VerifyHealedAsync(ChaosEnvironment env, CancellationToken ct) =>
        await NetworkHeal.NoRulesLeftAsync(env, _nodes, Id, ct);
}
