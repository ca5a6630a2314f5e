using ChaosLab.Network.Commands;
using ChaosLab.NodeApi;

namespace ChaosLab.Network.Host;

/// <summary>
/// Ports of the node that no pod may reach: the node supervisor's (it starts and stops the node's
/// components). Mutual TLS already refuses a pod; these rules make the port unreachable, so a pod
/// cannot even probe it. The rules live in the mangle table, which neither kube-proxy nor chaos
/// faults touch, so no ACCEPT of theirs can come first, and they see the address after a Service's
/// DNAT: a Service whose endpoint is a node's supervisor is cut off too.
/// INPUT drops pod traffic to this node's own addresses (the bridge gateway included); FORWARD drops
/// pod traffic on its way to another node (it leaves masqueraded, so the other node could not tell it
/// from a node's own). Pod-to-pod traffic on the same port is untouched.
/// </summary>
public static class NodePortGuard
{
    public static IReadOnlyList<int> ClosedPorts { get; } = [NodeConfig.DefaultSupervisorPort];

    private const string Comment = "chaoslab-cni: node port closed to pods";

    public static async Task EnsureAsync(NetworkConfig config, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var rule in Rules(config))
        {
            if ((await IptablesAsync(["-C", .. rule], ct)).Succeeded)
            {
                continue;
            }
            var result = await IptablesAsync(["-I", rule[0], "1", .. rule[1..]], ct);
            if (!result.Succeeded)
            {
                throw new CommandFailedException($"closing node port {string.Join(',', ClosedPorts)} to pods in mangle {rule[0]}", result);
            }
        }
    }

    /// <summary>Each rule as `CHAIN args...`, for `iptables -t mangle -C/-I`.</summary>
    public static IReadOnlyList<string[]> Rules(NetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var cluster = config.ClusterCidr.ToString();
        var rules = new List<string[]>();
        foreach (var port in ClosedPorts.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            rules.Add(["INPUT", "-s", cluster, "-p", "tcp", "--dport", port, "-m", "comment", "--comment", Comment, "-j", "DROP"]);
            rules.Add(["FORWARD", "-s", cluster, "!", "-d", cluster, "-p", "tcp", "--dport", port, "-m", "comment", "--comment", Comment, "-j", "DROP"]);
        }
        return rules;
    }

    private static Task<CommandOutput> IptablesAsync(string[] args, CancellationToken ct) =>
        HostCommand.TryRunAsync("iptables", ["-w", "5", "-t", "mangle", .. args], ct);
}
