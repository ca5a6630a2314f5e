using System.Globalization;
using System.Text.RegularExpressions;
using ChaosLab.Chaos.Mechanisms;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;

namespace ChaosLab.Chaos.Faults.Network;

/// <summary>Caps what the target nodes send with a token-bucket (tbf) qdisc on their interface.</summary>
public sealed partial class BandwidthFault : Fault
{
    private readonly TargetSelector _target;
    private readonly string _rate;
    private readonly long _bitsPerSecond;
    private IReadOnlyList<ChaosNode> _nodes = [];

    /// <param name="rate">tc notation: 500kbit, 1mbit, 10mbit, 1gbit.</param>
    public BandwidthFault(TargetSelector target, string rate)
    {
        _target = target ?? throw new ArgumentNullException(nameof(target));
        _bitsPerSecond = ParseRate(rate);
        _rate = rate.ToLowerInvariant();
    }

    public override string Name => "bandwidth";

    public TargetSelector Target => _target;

    public string Rate => _rate;

    public long BitsPerSecond => _bitsPerSecond;

    public override string Describe() => $"bandwidth {_rate} out of {(_nodes.Count > 0 ? Names(_nodes) : _target.Text)}";

    public static long ParseRate(string rate)
    {
        var match = RatePattern().Match(rate ?? "");
        if (!match.Success)
        {
            throw new FaultOptionsException($"rate '{rate}' is not understood; write it like 500kbit, 1mbit or 1gbit");
        }
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * match.Groups[2].Value.ToLowerInvariant() switch
        {
            "kbit" => 1e3,
            "mbit" => 1e6,
            "gbit" => 1e9,
            _ => 1,
        };
        return value >= 8000
            ? (long)value
            : throw new FaultOptionsException($"rate '{rate}' is below 8kbit, the least a token bucket here can shape");
    }

    public override async Task<string> InjectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        _nodes = await _target.ResolveAsync(env, ct);
        // The bucket must hold at least one full-size packet and about 20 ms of traffic.
        var burstBytes = Math.Max(4096, _bitsPerSecond / 8 / 50);
        foreach (var node in _nodes)
        {
            Touch(node);
            await TrafficShaper.AddAsync(env.Engine, node, _rate, burstBytes.ToString(CultureInfo.InvariantCulture), ct);
        }
        return $"tbf rate {_rate} burst {burstBytes} B on {TrafficShaper.Interface} of {Names(_nodes)}";
    }

    public override async Task<Check> VerifyEffectAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        var evidence = new List<string>();
        foreach (var node in _nodes)
        {
            var qdisc = await TrafficShaper.ShowAsync(await Netns.PidAsync(env.Engine, node, ct), ct);
            var line = qdisc.Split('\n').FirstOrDefault(l => l.Contains(TrafficShaper.Handle, StringComparison.Ordinal));
            if (line is null)
            {
                return Check.Fail($"{node}: no tbf qdisc on {TrafficShaper.Interface}: {qdisc.Trim()}");
            }
            evidence.Add($"{node}: {line.Trim()}");
        }
        return Check.Pass(string.Join("; ", evidence));
    }

    public override async Task<string> HealAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        var removed = 0;
        foreach (var node in _nodes)
        {
            if (await Netns.TryPidAsync(env.Engine, node, ct) is { } pid && await TrafficShaper.RemoveAsync(pid, ct))
            {
                removed++;
            }
        }
        return $"removed the qdisc from {removed} node(s)";
    }

    public override async Task<Check> VerifyHealedAsync(ChaosEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        foreach (var node in _nodes)
        {
            if (await Netns.TryPidAsync(env.Engine, node, ct) is { } pid
                && (await TrafficShaper.ShowAsync(pid, ct)).Contains(TrafficShaper.Handle, StringComparison.Ordinal))
            {
                return Check.Fail($"{node}: the tbf qdisc is still there");
            }
        }
        return Check.Pass($"no chaos qdisc on {Names(_nodes)}");
    }

    [GeneratedRegex(@"^\s*([0-9]+(?:\.[0-9]+)?)\s*(bit|kbit|mbit|gbit)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex RatePattern();
}
