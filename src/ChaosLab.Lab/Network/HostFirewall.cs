using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace ChaosLab.Lab.Network;

/// <summary>
/// Host iptables rules scoped to one lab's bridge, each tagged with a comment naming the lab:
/// DOCKER-USER lets pod traffic routed between nodes cross the bridge (Docker drops bridged
/// packets addressed outside the network's subnet), and INPUT stops nodes from opening
/// connections to services on the host while host → node keeps working.
/// </summary>
public static class HostFirewall
{
    private static readonly string[] Chains = ["DOCKER-USER", "INPUT"];

    public static string Comment(string lab, string labId) => $"{LabLabels.FirewallCommentPrefix}{lab}:{labId}";

    public static async Task InstallAsync(string bridge, string comment, CancellationToken ct = default)
    {
        await IptablesAsync(["-I", "DOCKER-USER", "-i", bridge, "-o", bridge, "-m", "comment", "--comment", comment, "-j", "ACCEPT"], ct);
        await IptablesAsync(["-I", "INPUT", "-i", bridge, "-m", "conntrack", "!", "--ctstate", "ESTABLISHED,RELATED",
            "-m", "comment", "--comment", comment, "-j", "DROP"], ct);
    }

    /// <summary>Every ChaosLab rule on the host, with the comment that names its lab.</summary>
    public static async Task<IReadOnlyList<FirewallRule>> ListAsync(CancellationToken ct = default)
    {
        var rules = new List<FirewallRule>();
        foreach (var chain in Chains)
        {
            var result = await Cli.Wrap("iptables").WithArguments(["-w", "-S", chain])
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
            if (result.ExitCode != 0)
            {
                continue; // DOCKER-USER exists only while dockerd manages iptables.
            }
            foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var tokens = Tokenize(line);
                var commentIndex = tokens.IndexOf("--comment");
                if (tokens.Count > 2 && tokens[0] == "-A" && commentIndex > 0 && commentIndex + 1 < tokens.Count
                    && tokens[commentIndex + 1].StartsWith(LabLabels.FirewallCommentPrefix, StringComparison.Ordinal))
                {
                    rules.Add(new FirewallRule(chain, tokens[2..], tokens[commentIndex + 1]));
                }
            }
        }
        return rules;
    }

    /// <summary>Removes the rules whose comment matches; returns how many went.</summary>
    public static async Task<int> RemoveAsync(Func<string, bool> commentMatches, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(commentMatches);
        var removed = 0;
        foreach (var rule in await ListAsync(ct))
        {
            if (commentMatches(rule.Comment))
            {
                await RemoveRuleAsync(rule, ct);
                removed++;
            }
        }
        return removed;
    }

    /// <summary>Removes one rule as <see cref="ListAsync"/> reported it.</summary>
    public static Task RemoveRuleAsync(FirewallRule rule, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return IptablesAsync(["-D", rule.Chain, .. rule.Spec], ct);
    }

    private static async Task IptablesAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var result = await Cli.Wrap("iptables").WithArguments(["-w", .. args])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
        if (result.ExitCode != 0)
        {
            throw new LabException($"iptables {string.Join(' ', args)} failed: {result.StandardError.Trim()}");
        }
    }

    /// <summary>Splits an `iptables -S` line into arguments; quoted comments stay one argument.</summary>
    public static List<string> Tokenize(string line)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    tokens.Add(current.ToString());
                }
                current.Clear();
                any = false;
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }
        if (any)
        {
            tokens.Add(current.ToString());
        }
        return tokens;
    }
}

/// <summary>One host rule: its chain, its spec as `iptables -S` prints it (without "-A CHAIN"), and its comment.</summary>
public sealed record FirewallRule(string Chain, IReadOnlyList<string> Spec, string Comment);
