using ChaosLab.Chaos.Targets;
using ChaosLab.Lab.Docker;

namespace ChaosLab.Chaos.Mechanisms;

/// <summary>
/// iptables rules a fault inserts in a node's network namespace, tagged with a comment
/// "chaoslab-chaos:FAULT-ID" so that heal, the sweeper and the leftover check find exactly ours.
/// Rules go first in their chain so that nothing the node installs (kube-proxy) overrides them.
/// </summary>
public static class ChaosRules
{
    public const string CommentPrefix = "chaoslab-chaos:";
    private static readonly string[] Chains = ["INPUT", "FORWARD", "OUTPUT"];

    public static string Comment(string faultId) => CommentPrefix + faultId;

    /// <summary>Inserts a rule: <paramref name="rule"/> is the match and target without the chain.</summary>
    public static async Task InsertAsync(IContainerEngine engine, ChaosNode node, string chain, IReadOnlyList<string> rule, string faultId, CancellationToken ct) =>
        await Netns.RunAsync(engine, node, ["iptables", "-w", "-I", chain, .. rule, "-m", "comment", "--comment", Comment(faultId)], ct);

    /// <summary>Our rules in the node, as `iptables -S` prints them (e.g. "-A INPUT ... -j DROP").</summary>
    public static async Task<IReadOnlyList<string>> ListAsync(int pid, string? faultId, CancellationToken ct)
    {
        var rules = new List<string>();
        foreach (var chain in Chains)
        {
            var result = await Netns.RunAsync(pid, ["iptables", "-w", "-S", chain], ct, check: false);
            rules.AddRange(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(line => line.StartsWith("-A ", StringComparison.Ordinal) && IsOurs(line, faultId)));
        }
        return rules;
    }

    /// <summary>Deletes our rules (one fault's, or every chaos rule when <paramref name="faultId"/> is null).</summary>
    public static async Task<int> DeleteAsync(int pid, string? faultId, CancellationToken ct)
    {
        var removed = 0;
        foreach (var line in await ListAsync(pid, faultId, ct))
        {
            var tokens = Tokenize(line);
            tokens[0] = "-D";
            // Another healer (a sweeper in a second process) may have removed it meanwhile: gone is gone.
            var result = await Netns.RunAsync(pid, ["iptables", "-w", .. tokens], ct, check: false);
            if (result.ExitCode == 0)
            {
                removed++;
            }
            else if (!result.StandardError.Contains("does a matching rule exist", StringComparison.Ordinal))
            {
                throw new ChaosException($"`iptables {string.Join(' ', tokens)}` in the network namespace of PID {pid} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
            }
        }
        return removed;
    }

    private static bool IsOurs(string line, string? faultId) =>
        faultId is null
            ? line.Contains(CommentPrefix, StringComparison.Ordinal)
            : line.Contains($"\"{Comment(faultId)}\"", StringComparison.Ordinal) || line.Contains($" {Comment(faultId)} ", StringComparison.Ordinal) || line.EndsWith($" {Comment(faultId)}", StringComparison.Ordinal);

    /// <summary>`iptables -S` lines are split as the host firewall splits them.</summary>
    internal static List<string> Tokenize(string line) => Lab.Network.HostFirewall.Tokenize(line);
}
