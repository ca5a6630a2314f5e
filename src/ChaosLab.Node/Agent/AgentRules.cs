using System.Globalization;

namespace ChaosLab.Node.Agent;

/// <summary>One iptables rule: its chain and the match and target that follow it.</summary>
public sealed record IptablesRule(string Chain, IReadOnlyList<string> Spec)
{
    public override string ToString() => $"{Chain} {string.Join(' ', Spec)}";
}

/// <summary>
/// The iptables rules the agent puts in the node's network namespace, tagged "chaoslab-chaos:FAULT-ID" like the
/// Docker provider's (so either provider's sweep finds them). Rules are listed top first; they are inserted at the
/// top of their chains in reverse, so that nothing the node installs (kube-proxy) overrides them.
/// </summary>
public static class AgentRules
{
    public const string CommentPrefix = "chaoslab-chaos:";

    /// <summary>
    /// The kubelet's port. The API server reaches the agent through it (pods/exec), so a partition keeps the API
    /// server → kubelet connections open: otherwise nothing could heal the partition. The kubelet's own requests to
    /// the API server are cut, so the node still goes NotReady.
    /// </summary>
    public const int KubeletPort = 10250;

    public static readonly IReadOnlyList<string> Chains = ["INPUT", "FORWARD", "OUTPUT"];

    public static string Comment(string faultId) => CommentPrefix + faultId;

    /// <summary>The rules of a drop (partition, isolate) or loss request, top first.</summary>
    public static IReadOnlyList<IptablesRule> ForDrop(AgentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.FaultId ?? throw new ArgumentException("a drop needs a fault id", nameof(request));
        IReadOnlyList<string> statistic = request.Percent < 100
            ? ["-m", "statistic", "--mode", "random", "--probability", (request.Percent / 100.0).ToString("0.##", CultureInfo.InvariantCulture)]
            : [];
        var rules = new List<IptablesRule>();
        if (request.Percent == 100)
        {
            foreach (var peer in request.Peers)
            {
                rules.Add(Tagged("INPUT", ["-s", peer, "-p", "tcp", "--dport", Port, "-j", "ACCEPT"], id));
                rules.Add(Tagged("OUTPUT", ["-d", peer, "-p", "tcp", "--sport", Port, "-j", "ACCEPT"], id));
            }
        }
        foreach (var peer in request.Peers)
        {
            rules.Add(Tagged("INPUT", ["-s", peer, .. statistic, "-j", "DROP"], id));
            rules.Add(Tagged("FORWARD", ["-s", peer, .. statistic, "-j", "DROP"], id));
            if (!request.InboundOnly)
            {
                rules.Add(Tagged("OUTPUT", ["-d", peer, .. statistic, "-j", "DROP"], id));
                rules.Add(Tagged("FORWARD", ["-d", peer, .. statistic, "-j", "DROP"], id));
            }
        }
        return rules;
    }

    /// <summary>What the node sends out of <paramref name="device"/> (to the peers, or to everyone) goes to an NFQUEUE.</summary>
    public static IReadOnlyList<IptablesRule> ForLatency(AgentRequest request, string device, int queue)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.FaultId ?? throw new ArgumentException("a latency fault needs a fault id", nameof(request));
        IReadOnlyList<IReadOnlyList<string>> matches = request.Peers.Count == 0 ? [[]] : request.Peers.Select(p => (IReadOnlyList<string>)["-d", p]).ToList();
        var rules = new List<IptablesRule>();
        foreach (var match in matches)
        {
            foreach (var chain in new[] { "OUTPUT", "FORWARD" })
            {
                rules.Add(Tagged(chain, ["-o", device, .. match, "-j", "NFQUEUE", "--queue-num", queue.ToString(CultureInfo.InvariantCulture)], id));
            }
        }
        return rules;
    }

    /// <summary>The `iptables -I CHAIN ...` arguments that put <paramref name="rules"/> at the top in the listed order.</summary>
    public static IEnumerable<string[]> InsertCommands(IReadOnlyList<IptablesRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return rules.Reverse().Select(r => (string[])["-w", "-I", r.Chain, .. r.Spec]);
    }

    /// <summary>Our lines of `iptables -S` output (one fault's, or every chaos rule when <paramref name="faultId"/> is null).</summary>
    public static IReadOnlyList<string> Ours(string listing, string? faultId)
    {
        ArgumentNullException.ThrowIfNull(listing);
        return listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("-A ", StringComparison.Ordinal))
            .Where(line => Tokens(line).Any(t => faultId is null ? t.StartsWith(CommentPrefix, StringComparison.Ordinal) : t == Comment(faultId)))
            .ToList();
    }

    /// <summary>The `iptables` arguments that delete a rule listed by `iptables -S`.</summary>
    public static string[] DeleteCommand(string listed)
    {
        var tokens = Tokens(listed);
        tokens[0] = "-D";
        return ["-w", .. tokens];
    }

    /// <summary>`iptables -S` words; our comments hold no spaces, so quotes are only stripped.</summary>
    private static List<string> Tokens(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Trim('"')).ToList();

    private static IptablesRule Tagged(string chain, IReadOnlyList<string> spec, string faultId) =>
        new(chain, [.. spec, "-m", "comment", "--comment", Comment(faultId)]);

    private static string Port => KubeletPort.ToString(CultureInfo.InvariantCulture);
}
