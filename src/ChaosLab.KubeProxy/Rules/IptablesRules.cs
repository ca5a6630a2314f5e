using System.Text;
using k8s.Models;

namespace ChaosLab.KubeProxy.Rules;

/// <summary>
/// Turns Services and EndpointSlices into one <c>iptables-restore --noflush</c> input for the filter
/// and nat tables, in the layout of upstream's iptables proxier (pkg/proxy/iptables/proxier.go).
/// Pure: the same objects give the same text, so it can be tested without iptables.
/// <para>
/// The input declares (creates or flushes) and rewrites only KUBE-* chains. Stale per-service chains
/// (KUBE-SVC/SVL/EXT/SEP chains found in <c>existingNatChains</c> but no longer needed) are flushed
/// and deleted. The jumps from the built-in chains are not part of it: see <see cref="JumpRules"/>.
/// </para>
/// </summary>
public static class IptablesRules
{
    /// <summary>Bit 14, upstream's default --iptables-masquerade-bit.</summary>
    public const string MasqueradeMark = "0x4000";

    /// <param name="services">All services; headless and ExternalName ones are skipped.</param>
    /// <param name="endpointSlices">All endpoint slices; only ready IPv4 endpoints are used.</param>
    /// <param name="nodeName">This node, for internalTrafficPolicy: Local.</param>
    /// <param name="clusterCidr">The pod network; traffic to a cluster IP from outside it is masqueraded. Null or empty: no such rule.</param>
    /// <param name="existingNatChains">The nat table's chains now (from iptables-save), to delete stale ones; null: none.</param>
    public static string Build(
        IEnumerable<V1Service> services,
        IEnumerable<V1EndpointSlice> endpointSlices,
        string nodeName,
        string? clusterCidr,
        IEnumerable<string>? existingNatChains = null) =>
        Generate(services, endpointSlices, nodeName, clusterCidr, existingNatChains).Text;

    /// <summary>Like <see cref="Build"/>, with rule counts and chain names for metrics and logs.</summary>
    public static ProxyRules Generate(
        IEnumerable<V1Service> services,
        IEnumerable<V1EndpointSlice> endpointSlices,
        string nodeName,
        string? clusterCidr,
        IEnumerable<string>? existingNatChains = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(endpointSlices);
        ArgumentNullException.ThrowIfNull(nodeName);

        var filter = new RestoreTable("filter");
        var nat = new RestoreTable("nat");
        WriteFixedChains(filter, nat);

        var endpoints = EndpointIndex.Build(endpointSlices);
        var ports = services.SelectMany(ProxyServicePort.From)
            .OrderBy(p => p.Name.ToString(), StringComparer.Ordinal)
            .ThenBy(p => p.Protocol, StringComparer.Ordinal)
            .ToList();
        foreach (var port in ports)
        {
            ServicePortRules.Write(port, endpoints.For(port.Name, port.Protocol), nodeName, clusterCidr, nat, filter);
        }

        // Node ports are matched last, on any local address.
        nat.Append(ChainNames.Services,
            [.. RestoreTable.Comment("kubernetes service nodeports; NOTE: this must be the last rule in this chain"), "-m", "addrtype", "--dst-type", "LOCAL", "-j", ChainNames.NodePorts]);

        var stale = DeleteStaleChains(nat, existingNatChains ?? []);

        var text = new StringBuilder();
        filter.WriteTo(text);
        nat.WriteTo(text);
        return new ProxyRules(text.ToString(), filter.RuleCount, nat.RuleCount, [.. nat.Chains], stale, ports.Count);
    }

    private static void WriteFixedChains(RestoreTable filter, RestoreTable nat)
    {
        filter.Chain(ChainNames.Services);
        filter.Chain(ChainNames.ExternalServices);
        filter.Chain(ChainNames.Forward);
        filter.Append(ChainNames.Forward, "-m", "conntrack", "--ctstate", "INVALID", "-j", "DROP");
        filter.Append(ChainNames.Forward,
            [.. RestoreTable.Comment("kubernetes forwarding rules"), "-m", "mark", "--mark", $"{MasqueradeMark}/{MasqueradeMark}", "-j", "ACCEPT"]);
        filter.Append(ChainNames.Forward,
            [.. RestoreTable.Comment("kubernetes forwarding conntrack rule"), "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"]);

        nat.Chain(ChainNames.Services);
        nat.Chain(ChainNames.NodePorts);
        nat.Chain(ChainNames.PostRouting);
        nat.Chain(ChainNames.MarkMasquerade);
        // Marked connections are SNATed on the way out; the mark is cleared so it does not leak further.
        nat.Append(ChainNames.PostRouting, "-m", "mark", "!", "--mark", $"{MasqueradeMark}/{MasqueradeMark}", "-j", "RETURN");
        nat.Append(ChainNames.PostRouting, "-j", "MARK", "--xor-mark", MasqueradeMark);
        nat.Append(ChainNames.PostRouting, [.. RestoreTable.Comment("kubernetes service traffic requiring SNAT"), "-j", "MASQUERADE"]);
        nat.Append(ChainNames.MarkMasquerade, "-j", "MARK", "--or-mark", MasqueradeMark);
    }

    private static List<string> DeleteStaleChains(RestoreTable nat, IEnumerable<string> existing)
    {
        var stale = existing
            .Where(c => ChainNames.IsPerServiceChain(c) && !nat.Declares(c))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var chain in stale)
        {
            // Declaring flushes it (nothing can still jump to it: KUBE-SERVICES is rewritten), then delete.
            nat.Chain(chain);
            nat.Delete(chain);
        }
        return stale;
    }
}
