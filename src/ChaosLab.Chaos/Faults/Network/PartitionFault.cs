using ChaosLab.Chaos.Mechanisms;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;

namespace ChaosLab.Chaos.Faults.Network;

/// <summary>
/// Cuts the network between two groups of nodes. Each node drops, in INPUT and FORWARD, every frame
/// whose source MAC is a node of the other side: symmetric by default; one-way drops only what side A
/// sends to side B. Several partitions may hold at once; each removes only its own rules.
/// </summary>
public sealed class PartitionFault : Fault
{
    private readonly TargetSelector _sideA;
    private readonly TargetSelector? _sideB;
    private readonly bool _oneWay;
    private readonly bool _dropSideAFromSideB;
    private readonly string _name;
    private IReadOnlyList<ChaosNode> _a = [];
    private IReadOnlyList<ChaosNode> _b = [];

    /// <param name="sideB">null: every other node.</param>
    /// <param name="dropSideAFromSideB">side B is "the rest of a group that contains side A" (e.g. the etcd leader vs etcd:all).</param>
    public PartitionFault(TargetSelector sideA, TargetSelector? sideB, bool oneWay = false, string name = "partition", bool dropSideAFromSideB = false)
    {
        _sideA = sideA ?? throw new ArgumentNullException(nameof(sideA));
        _sideB = sideB;
        _oneWay = oneWay;
        _name = name;
        _dropSideAFromSideB = dropSideAFromSideB;
    }

    public override string Name => _name;

    public TargetSelector SideA => _sideA;

    /// <summary>Null: every other node.</summary>
    public TargetSelector? SideB => _sideB;

    public bool OneWay => _oneWay;

    /// <summary>Side B is the rest of a group that contains side A.</summary>
    public bool DropSideAFromSideB => _dropSideAFromSideB;

    public override string Describe() =>
        _a.Count > 0
            ? $"{_name} [{Names(_a)}] {(_oneWay ? "→" : "↔")} [{Names(_b)}]"
            : $"{_name} [{_sideA}] {(_oneWay ? "→" : "↔")} [{_sideB?.Text ?? "all others"}]";

    public override async Task<string> InjectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        _a = await _sideA.ResolveAsync(env, ct);
        var b = _sideB is null ? env.Nodes.Except(_a).ToList() : (await _sideB.ResolveAsync(env, ct)).ToList();
        if (_sideB is null || _dropSideAFromSideB)
        {
            b = b.Except(_a).ToList();
        }
        var both = _a.Intersect(b).ToList();
        if (both.Count > 0)
        {
            throw new FaultOptionsException($"partition: {Names(both)} is on both sides");
        }
        if (b.Count == 0)
        {
            throw new FaultOptionsException($"partition: the other side of [{Names(_a)}] is empty");
        }
        _b = b;
        var rules = 0;
        rules += await DropFromAsync(env, receivers: _b, senders: _a, ct);
        if (!_oneWay)
        {
            rules += await DropFromAsync(env, receivers: _a, senders: _b, ct);
        }
        return $"{rules} DROP rules by source MAC in {(_oneWay ? Names(_b) : Names(_a.Concat(_b)))}";
    }

    private async Task<int> DropFromAsync(ChaosEnvironment env, IReadOnlyList<ChaosNode> receivers, IReadOnlyList<ChaosNode> senders, CancellationToken ct)
    {
        var macs = new List<string>();
        foreach (var sender in senders)
        {
            macs.Add(await NodeMac.OfAsync(env.Engine, sender, ct));
        }
        var count = 0;
        foreach (var receiver in receivers)
        {
            Touch(receiver);
            foreach (var mac in macs)
            {
                foreach (var chain in new[] { "INPUT", "FORWARD" })
                {
                    await ChaosRules.InsertAsync(env.Engine, receiver, chain, ["-m", "mac", "--mac-source", mac, "-j", "DROP"], Id, ct);
                    count++;
                }
            }
        }
        return count;
    }

    public override async Task<Check> VerifyEffectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        var from = _a[0];
        var to = _b[0];
        if (await Ping.ReachesAsync(env.Engine, from, to, ct))
        {
            return Check.Fail($"{from} still reaches {to}");
        }
        var evidence = $"{from} no longer reaches {to}";
        if (_a.Count > 1)
        {
            var within = await Ping.ReachesAsync(env.Engine, from, _a[1], ct);
            evidence += within ? $"; {from} still reaches {_a[1]} on its own side" : $"; {from} does not reach {_a[1]} either (another fault?)";
        }
        return Check.Pass(evidence);
    }

    public override async Task<string> HealAsync(ChaosEnvironment env, CancellationToken ct) =>
        $"removed {await NetworkHeal.RemoveRulesAsync(env, _a.Concat(_b), Id, ct)} rules";

    public override async Task<Check> VerifyHealedAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        return await Ping.ReachesAsync(env.Engine, _a[0], _b[0], ct)
            ? Check.Pass($"{_a[0]} reaches {_b[0]} again")
            : Check.Fail($"{_a[0]} still cannot reach {_b[0]}");
    }
}
