using ChaosLab.KubeProxy.Rules;
using k8s.Models;

namespace ChaosLab.KubeProxy.Iptables;

/// <summary>
/// One sync of the node's rules: read the nat table's chains (to find stale ones), generate, make sure
/// the built-in chains jump into ours, then apply with one <c>iptables-restore --noflush</c>. Safe to run
/// again at any time: the result depends only on the objects given.
/// </summary>
public sealed class ProxyRulesApplier(IptablesClient iptables)
{
    public async Task<ProxyRules> ApplyAsync(
        IEnumerable<V1Service> services,
        IEnumerable<V1EndpointSlice> endpointSlices,
        string nodeName,
        string? clusterCidr,
        CancellationToken ct = default)
    {
        var existing = SavedChains.Parse(await iptables.SaveAsync("nat", ct), "nat");
        var rules = IptablesRules.Generate(services, endpointSlices, nodeName, clusterCidr, existing);
        // Jumps first (into empty chains if need be), as upstream does: once the restore's rules are visible
        // they are in effect, so a connection made after that is always translated.
        foreach (var jump in JumpRules.All)
        {
            await iptables.EnsureJumpAsync(jump, ct);
        }
        await iptables.RestoreAsync(rules.Text, ct);
        return rules;
    }

    /// <summary>Removes the jumps and every KUBE-* chain this proxy owns; the node is as before kube-proxy ran.</summary>
    public async Task CleanupAsync(CancellationToken ct = default)
    {
        foreach (var jump in JumpRules.All)
        {
            await iptables.DeleteJumpAsync(jump, ct);
        }
        var filter = SavedChains.Parse(await iptables.SaveAsync("filter", ct), "filter");
        var nat = SavedChains.Parse(await iptables.SaveAsync("nat", ct), "nat");
        var input = CleanupRules.Build(filter, nat);
        if (input.Length > 0)
        {
            await iptables.RestoreAsync(input, ct);
        }
    }
}
