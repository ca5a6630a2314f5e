using ChaosLab.Network.Commands;

namespace ChaosLab.Network.Host;

/// <summary>
/// Source NAT for pod traffic that leaves the cluster pod CIDR, in a chain of its own
/// (<see cref="Chain"/>) jumped to from nat POSTROUTING. Only this chain and that one jump are ever
/// touched: Docker's embedded DNS keeps its rules in the same nat table.
/// </summary>
public static class Masquerade
{
    public const string Chain = "CHAOSLAB-CNI";
    private const string JumpComment = "chaoslab-cni: pod masquerade";

    public static async Task EnsureAsync(NetworkConfig config, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var create = await IptablesAsync(["-N", Chain], ct);
        if (!create.Succeeded && !create.Stderr.Contains("exists", StringComparison.OrdinalIgnoreCase))
        {
            throw new CommandFailedException($"creating nat chain {Chain}", create);
        }
        var podCidr = config.PodCidr.ToString();
        // Order matters: RETURN (stay un-NATed inside the cluster) must precede MASQUERADE, hence -I 1.
        await EnsureRuleAsync("POSTROUTING", ["-m", "comment", "--comment", JumpComment, "-j", Chain], append: true, ct);
        await EnsureRuleAsync(Chain, ["-s", podCidr, "-d", config.ClusterCidr.ToString(), "-j", "RETURN"], append: false, ct);
        await EnsureRuleAsync(Chain, ["-s", podCidr, "!", "-d", "224.0.0.0/4", "-j", "MASQUERADE"], append: true, ct);
    }

    /// <summary>The chain's rules as `iptables -S` prints them (for checks and tests).</summary>
    public static async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct = default)
    {
        var list = await IptablesAsync(["-S", Chain], ct);
        return list.Succeeded ? list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
    }

    private static async Task EnsureRuleAsync(string chain, string[] rule, bool append, CancellationToken ct)
    {
        if ((await IptablesAsync(["-C", chain, .. rule], ct)).Succeeded)
        {
            return;
        }
        string[] add = append ? ["-A", chain, .. rule] : ["-I", chain, "1", .. rule];
        var result = await IptablesAsync(add, ct);
        if (!result.Succeeded)
        {
            throw new CommandFailedException($"adding nat rule to {chain}", result);
        }
    }

    private static Task<CommandOutput> IptablesAsync(string[] args, CancellationToken ct) =>
        HostCommand.TryRunAsync("iptables", ["-w", "5", "-t", "nat", .. args], ct);
}
