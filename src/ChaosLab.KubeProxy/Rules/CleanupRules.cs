using System.Text;

namespace ChaosLab.KubeProxy.Rules;

/// <summary>
/// The <c>iptables-restore --noflush</c> input that removes every chain kube-proxy owns (what upstream's
/// <c>kube-proxy --cleanup</c> does). Remove the <see cref="JumpRules"/> first: a chain that a built-in
/// chain still jumps to cannot be deleted.
/// </summary>
public static class CleanupRules
{
    private static readonly string[] FilterChains = [ChainNames.Services, ChainNames.ExternalServices, ChainNames.Forward];

    private static readonly string[] NatChains = [ChainNames.Services, ChainNames.NodePorts, ChainNames.PostRouting, ChainNames.MarkMasquerade];

    /// <summary>The input deleting those of our chains that exist now; empty when there are none.</summary>
    public static string Build(IEnumerable<string> existingFilterChains, IEnumerable<string> existingNatChains)
    {
        ArgumentNullException.ThrowIfNull(existingFilterChains);
        ArgumentNullException.ThrowIfNull(existingNatChains);
        var filter = existingFilterChains.Where(FilterChains.Contains).Distinct().ToList();
        var nat = existingNatChains.Where(c => NatChains.Contains(c) || ChainNames.IsPerServiceChain(c)).Distinct().ToList();
        var text = new StringBuilder();
        Write(text, "filter", filter);
        Write(text, "nat", nat);
        return text.ToString();
    }

    private static void Write(StringBuilder text, string table, List<string> chains)
    {
        if (chains.Count == 0)
        {
            return;
        }
        text.Append('*').Append(table).Append('\n');
        foreach (var chain in chains)
        {
            // Declaring flushes the chain, so the rules jumping between our chains are gone before the deletes.
            text.Append(':').Append(chain).Append(" - [0:0]\n");
        }
        foreach (var chain in chains)
        {
            text.Append("-X ").Append(chain).Append('\n');
        }
        text.Append("COMMIT\n");
    }
}
