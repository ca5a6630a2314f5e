namespace ChaosLab.KubeProxy.Rules;

/// <summary>
/// The jumps from built-in chains into kube-proxy's chains, as upstream's <c>iptablesJumpChains</c>
/// (without the health-check and load-balancer firewall chains, which this proxy does not write).
/// </summary>
public static class JumpRules
{
    private const string ServicePortals = "kubernetes service portals";

    public static IReadOnlyList<JumpRule> All { get; } =
    [
        Jump("filter", "INPUT", ChainNames.ExternalServices, "kubernetes externally-visible service portals", "-m", "conntrack", "--ctstate", "NEW"),
        Jump("filter", "FORWARD", ChainNames.ExternalServices, "kubernetes externally-visible service portals", "-m", "conntrack", "--ctstate", "NEW"),
        Jump("filter", "FORWARD", ChainNames.Services, ServicePortals, "-m", "conntrack", "--ctstate", "NEW"),
        Jump("filter", "OUTPUT", ChainNames.Services, ServicePortals, "-m", "conntrack", "--ctstate", "NEW"),
        Jump("filter", "FORWARD", ChainNames.Forward, "kubernetes forwarding rules"),
        Jump("nat", "OUTPUT", ChainNames.Services, ServicePortals),
        Jump("nat", "PREROUTING", ChainNames.Services, ServicePortals),
        Jump("nat", "POSTROUTING", ChainNames.PostRouting, "kubernetes postrouting rules"),
    ];

    private static JumpRule Jump(string table, string chain, string target, string comment, params string[] match) =>
        new(table, chain, [.. match, "-m", "comment", "--comment", comment, "-j", target]);
}
