namespace ChaosLab.KubeProxy.Rules;

/// <summary>
/// The result of one rule generation: the <c>iptables-restore --noflush</c> input and what it holds.
/// </summary>
/// <param name="Text">The restore input: a filter table and a nat table, each ending in COMMIT.</param>
/// <param name="FilterRules">Number of "-A" rules in the filter table.</param>
/// <param name="NatRules">Number of "-A" rules in the nat table.</param>
/// <param name="NatChains">The nat chains declared (created or flushed), including stale ones being deleted.</param>
/// <param name="DeletedChains">Stale per-service chains the input deletes.</param>
/// <param name="ServicePorts">Service ports seen (proxied or rejected).</param>
public sealed record ProxyRules(
    string Text,
    int FilterRules,
    int NatRules,
    IReadOnlyList<string> NatChains,
    IReadOnlyList<string> DeletedChains,
    int ServicePorts);
