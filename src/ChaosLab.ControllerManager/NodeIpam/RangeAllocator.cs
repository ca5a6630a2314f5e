using System.Net;
using k8s.Models;

namespace ChaosLab.ControllerManager.NodeIpam;

/// <summary>
/// Upstream's range allocator: one pod CIDR per node from each cluster CIDR (one for single stack, two
/// for dual stack), never one that another node uses. Nodes that already have CIDRs mark them taken,
/// so a restarted controller (or a new leader) never hands them out twice. Not thread-safe.
/// </summary>
internal sealed class RangeAllocator(IReadOnlyList<CidrSet> sets)
{
    public IReadOnlyList<CidrSet> Sets => sets;

    /// <summary>The node's CIDRs as recorded in spec.podCIDRs (or the older single spec.podCIDR).</summary>
    public static IReadOnlyList<string> CidrsOf(V1Node node) =>
        node.Spec?.PodCIDRs is { Count: > 0 } list ? [.. list]
        : node.Spec?.PodCIDR is { Length: > 0 } single ? [single]
        : [];

    /// <summary>Marks the node's CIDRs taken; returns the ones that lie outside every cluster CIDR.</summary>
    public IReadOnlyList<string> Occupy(V1Node node)
    {
        var foreign = new List<string>();
        foreach (var text in CidrsOf(node))
        {
            if (!IPNetwork.TryParse(text, out var cidr) || !sets.Any(s => s.Occupy(cidr)))
            {
                foreign.Add(text);
            }
        }
        return foreign;
    }

    public void Release(IEnumerable<string> cidrs)
    {
        foreach (var text in cidrs)
        {
            if (IPNetwork.TryParse(text, out var cidr))
            {
                foreach (var set in sets)
                {
                    set.Release(cidr);
                }
            }
        }
    }

    /// <summary>One new CIDR from each cluster CIDR, or null (nothing taken) when any of them is exhausted.</summary>
    public IReadOnlyList<string>? Allocate()
    {
        var allocated = new List<IPNetwork>();
        foreach (var set in sets)
        {
            if (set.AllocateNext() is not { } cidr)
            {
                Release(allocated.Select(c => c.ToString()));
                return null;
            }
            allocated.Add(cidr);
        }
        return [.. allocated.Select(c => c.ToString())];
    }
}
