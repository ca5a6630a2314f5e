using System.Globalization;
using ChaosLab.Chaos.Mechanisms;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;

namespace ChaosLab.Chaos.Faults.Network;

/// <summary>
/// Delays what the target nodes send (to the given peers, or to everyone) by delay ± jitter. This
/// kernel has no sch_netem, so packets leaving the node's interface are queued with NFQUEUE to
/// <see cref="DelayHelper"/> in the node's namespace, which accepts each one when its time comes.
/// The rule has no --queue-bypass: were the helper to die, packets would be dropped, never silently
/// passed undelayed, and verification would show it.
/// </summary>
public sealed class LatencyFault : Fault
{
    private readonly TargetSelector _target;
    private readonly TargetSelector? _peers;
    private readonly TimeSpan _delay;
    private readonly TimeSpan _jitter;
    private readonly Dictionary<string, string> _helpers = [];
    private IReadOnlyList<ChaosNode> _nodes = [];
    private IReadOnlyList<ChaosNode> _from = [];
    private double? _baselineMs;

    public LatencyFault(TargetSelector target, TimeSpan delay, TimeSpan jitter, TargetSelector? peers = null)
    {
        _target = target ?? throw new ArgumentNullException(nameof(target));
        if (delay <= TimeSpan.Zero || delay > TimeSpan.FromSeconds(10))
        {
            throw new FaultOptionsException($"latency must be more than 0 and at most 10 s (got {delay.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms)");
        }
        if (jitter < TimeSpan.Zero || jitter > delay)
        {
            throw new FaultOptionsException($"jitter must be between 0 and the delay (got {jitter.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms for a {delay.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms delay)");
        }
        _delay = delay;
        _jitter = jitter;
        _peers = peers;
    }

    public override string Name => "latency";

    public TargetSelector Target => _target;

    public TargetSelector? Peers => _peers;

    public TimeSpan Delay => _delay;

    public TimeSpan Jitter => _jitter;

    public override string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"latency {_delay.TotalMilliseconds:0} ms ± {_jitter.TotalMilliseconds:0} ms out of {(_nodes.Count > 0 ? Names(_nodes) : _target.Text)}{(_peers is null ? "" : $" to {_peers}")}");

    public override async Task<string> InjectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        _nodes = await _target.ResolveAsync(env, ct);
        _from = _peers is null ? env.Nodes.Except(_nodes).ToList() : await _peers.ResolveAsync(env, ct);
        if (_from.Count > 0)
        {
            _baselineMs = (await Ping.RunAsync(env.Engine, _from[0], _nodes[0].Address, 3, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), ct)).MedianMs;
        }
        IReadOnlyList<IReadOnlyList<string>> matches = _peers is null ? [[]] : _from.Select(p => (IReadOnlyList<string>)["-d", p.Address.ToString()]).ToList();
        foreach (var node in _nodes)
        {
            Touch(node);
            var queue = Random.Shared.Next(1000, 60000);
            _helpers[node.Name] = await DelayHelper.StartAsync(env, node, queue, _delay, _jitter, 0, Id, ct);
            foreach (var match in matches)
            {
                foreach (var chain in new[] { "OUTPUT", "FORWARD" })
                {
                    await ChaosRules.InsertAsync(env.Engine, node, chain,
                        ["-o", TrafficShaper.Interface, .. match, "-j", "NFQUEUE", "--queue-num", queue.ToString(CultureInfo.InvariantCulture)], Id, ct);
                }
            }
        }
        return $"NFQUEUE delay helpers {string.Join(", ", _helpers.Select(h => $"{h.Key} (pid {h.Value.Split('@')[0]})"))}";
    }

    public override async Task<Check> VerifyEffectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (_from.Count == 0)
        {
            return Check.Pass("no peer node to measure from; helpers and rules installed");
        }
        var result = await Ping.RunAsync(env.Engine, _from[0], _nodes[0].Address, 5, TimeSpan.FromMilliseconds(50), _delay * 2 + TimeSpan.FromSeconds(1), ct);
        var evidence = string.Create(CultureInfo.InvariantCulture, $"{_from[0]} → {_nodes[0]}: {result} (baseline {_baselineMs:0.##} ms)");
        var raised = result.MedianMs - (_baselineMs ?? 0);
        return raised >= (_delay - _jitter).TotalMilliseconds * 0.8 ? Check.Pass(evidence) : Check.Fail(evidence);
    }

    public override async Task<string> HealAsync(ChaosEnvironment env, CancellationToken ct)
    {
        // Rules first: with its helper gone a queued packet would be dropped.
        var removed = await NetworkHeal.RemoveRulesAsync(env, _nodes, Id, ct);
        var stopped = _helpers.Values.Count(DelayHelper.Stop);
        foreach (var node in _nodes)
        {
            File.Delete(DelayHelper.LogPath(Id, node));
        }
        return $"removed {removed} rules, stopped {stopped} helper(s)";
    }

    public override async Task<Check> VerifyHealedAsync(ChaosEnvironment env, CancellationToken ct)
    {
        var rules = await NetworkHeal.NoRulesLeftAsync(env, _nodes, Id, ct);
        var alive = _helpers.Where(h => Lab.Lifecycle.ProcessIdentity.IsAlive(h.Value)).Select(h => h.Key).ToList();
        if (!rules.Ok || alive.Count > 0)
        {
            return Check.Fail($"{rules.Evidence}{(alive.Count > 0 ? $"; helpers still running on {string.Join(", ", alive)}" : "")}");
        }
        if (_from.Count == 0 || await Netns.TryPidAsync(env.Engine, _nodes[0], ct) is null)
        {
            return Check.Pass(rules.Evidence);
        }
        var result = await Ping.RunAsync(env.Engine, _from[0], _nodes[0].Address, 3, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), ct);
        var evidence = string.Create(CultureInfo.InvariantCulture, $"{_from[0]} → {_nodes[0]}: {result}");
        return result.MedianMs < _delay.TotalMilliseconds / 2 ? Check.Pass(evidence) : Check.Fail(evidence);
    }

    public override IReadOnlyCollection<string> HelperProcesses => _helpers.Values;
}
