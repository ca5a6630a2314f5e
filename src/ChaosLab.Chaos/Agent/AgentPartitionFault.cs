using ChaosLab.Chaos.Faults.Network;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;

namespace ChaosLab.Chaos.Agent;

/// <summary>
/// A partition (or isolation) through the agents. One side's agents drop everything from and to the other side's
/// addresses and pod CIDRs, so one side with agents is enough (the control-plane nodes of many clusters run none).
/// The API server's connections to the kubelet port stay open: they carry the exec that heals the partition.
/// </summary>
public sealed class AgentPartitionFault(PartitionFault original) : AgentFault
{
    private IReadOnlyList<ChaosNode> _a = [];
    private IReadOnlyList<ChaosNode> _b = [];
    private IReadOnlyList<ChaosNode> _rulesOn = [];
    private IReadOnlyList<ChaosNode> _cut = [];

    public override string Name => original.Name;

    public override string Describe() =>
        _a.Count > 0
            ? $"{Name} [{Names(_a)}] {(original.OneWay ? "→" : "↔")} [{Names(_b)}] by the agents of {Names(_rulesOn)}"
            : original.Describe() + " (agent)";

    public override async Task<string> InjectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        var agents = Agents(env);
        _a = await original.SideA.ResolveAsync(env, ct);
        var b = original.SideB is null ? env.Nodes.Except(_a).ToList() : (await original.SideB.ResolveAsync(env, ct)).ToList();
        if (original.SideB is null || original.DropSideAFromSideB)
        {
            b = b.Except(_a).ToList();
        }
        if (_a.Intersect(b).Any() || b.Count == 0)
        {
            throw new FaultOptionsException($"{Name}: the sides [{Names(_a)}] and [{Names(b)}] must be disjoint and not empty");
        }
        _b = b;
        bool AllHaveAgents(IEnumerable<ChaosNode> nodes) => nodes.All(n => agents.RunsOn(n.Name));
        if (original.OneWay)
        {
            // What A sends to B is dropped as it arrives at B.
            RequireAgents(env, _b, $"a one-way {Name}");
            (_rulesOn, _cut) = (_b, _a);
        }
        else if (AllHaveAgents(_a))
        {
            (_rulesOn, _cut) = (_a, _b);
        }
        else
        {
            RequireAgents(env, _b, $"{Name} (neither side has agents on every node)");
            (_rulesOn, _cut) = (_b, _a);
        }
        var peers = Peers(env, _cut);
        var evidence = new List<string>();
        foreach (var node in _rulesOn)
        {
            Touch(node);
            List<string> args = ["drop", "--id", Id, "--peers", peers];
            if (original.OneWay)
            {
                args.Add("--inbound-only");
            }
            var output = await agents.DoAsync(node.Name, args, ct: ct);
            evidence.Add($"{node}: {output.Split(':')[0]}");
        }
        return $"agents dropping [{peers}]: {string.Join("; ", evidence)}";
    }

    public override async Task<Check> VerifyEffectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        var (from, to) = (_rulesOn[0], _cut[0]);
        return await ReachesAsync(env, from, to, ct)
            ? Check.Fail($"{from} still reaches {to}")
            : Check.Pass($"{from} no longer reaches {to} (ping from its agent)");
    }

    public override async Task<string> HealAsync(ChaosEnvironment env, CancellationToken ct) => await HealOnAsync(env, _rulesOn, ct);

    public override async Task<Check> VerifyHealedAsync(ChaosEnvironment env, CancellationToken ct)
    {
        var left = await NothingLeftAsync(env, _rulesOn, ct);
        if (!left.Ok)
        {
            return left;
        }
        return await ReachesAsync(env, _rulesOn[0], _cut[0], ct)
            ? Check.Pass($"{_rulesOn[0]} reaches {_cut[0]} again")
            : Check.Fail($"{_rulesOn[0]} still cannot reach {_cut[0]}");
    }
}
