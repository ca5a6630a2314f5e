using System.Net;
using ChaosLab.Network.Addressing;

namespace ChaosLab.Network.Routes;

/// <summary>
/// What host-gw sync changes: routes to add or re-point, and stale routes to delete. Computed from
/// plain values so that the diff is testable without a kernel. Only routes inside the cluster pod
/// CIDR are ever touched; the node's own podCIDR (on its bridge) is never routed elsewhere.
/// </summary>
public sealed record RoutePlan(IReadOnlyList<HostRoute> Replace, IReadOnlyList<HostRoute> Delete)
{
    public bool IsEmpty => Replace.Count == 0 && Delete.Count == 0;

    public static RoutePlan Compute(IReadOnlyList<HostRoute> current, IReadOnlyList<PeerNode> peers, IPNetwork clusterCidr, IPNetwork ownPodCidr)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(peers);
        var desired = new Dictionary<IPNetwork, IPAddress>();
        foreach (var peer in peers)
        {
            if (!Ipv4.IsWithin(peer.PodCidr, clusterCidr))
            {
                throw new ArgumentException($"peer podCIDR {peer.PodCidr} (node {peer.NodeIp}) is outside the cluster pod CIDR {clusterCidr}; host-gw only routes pod subnets", nameof(peers));
            }
            if (peer.PodCidr.Equals(ownPodCidr))
            {
                continue; // This node: its pods are on the bridge.
            }
            if (Ipv4.Overlaps(peer.PodCidr, ownPodCidr))
            {
                throw new ArgumentException($"peer podCIDR {peer.PodCidr} (node {peer.NodeIp}) overlaps this node's podCIDR {ownPodCidr}", nameof(peers));
            }
            if (desired.TryGetValue(peer.PodCidr, out var other) && !other.Equals(peer.NodeIp))
            {
                throw new ArgumentException($"podCIDR {peer.PodCidr} is claimed by two nodes: {other} and {peer.NodeIp}", nameof(peers));
            }
            desired[peer.PodCidr] = peer.NodeIp;
        }

        var managed = current.Where(r => r.Gateway is not null && Ipv4.IsWithin(r.Destination, clusterCidr) && !r.Destination.Equals(ownPodCidr)).ToList();
        var replace = desired
            .Where(d => !managed.Any(r => r.Destination.Equals(d.Key) && d.Value.Equals(r.Gateway)))
            .Select(d => new HostRoute(d.Key, d.Value))
            .OrderBy(r => r.Destination.ToString(), StringComparer.Ordinal)
            .ToList();
        var delete = managed.Where(r => !desired.ContainsKey(r.Destination)).ToList();
        return new RoutePlan(replace, delete);
    }
}
