using System.Net;
using ChaosLab.Lab.Network;

namespace ChaosLab.Lab.Topology;

/// <summary>Checks that the address ranges are disjoint and big enough for the nodes.</summary>
internal static class NetworkRules
{
    private const int LongestNodePodCidrPrefix = 28;

    public static void Check(NetworkSection network, NodesSection nodes, TopologyProblemCollector problems)
    {
        CheckOverlap("nodeSubnet", network.NodeSubnet, "podSubnet", network.PodSubnet, problems);
        CheckOverlap("nodeSubnet", network.NodeSubnet, "serviceSubnet", network.ServiceSubnet, problems);
        CheckOverlap("podSubnet", network.PodSubnet, "serviceSubnet", network.ServiceSubnet, problems);
        if (network is { PodSubnet: { } podSubnet, NodePodCidrPrefix: { } prefix })
            CheckNodePodCidrPrefix(podSubnet, prefix, nodes, problems);
        if (nodes.IsComplete)
            CheckNodeSubnetSize(network.NodeSubnet, nodes, problems);
    }

    private static void CheckOverlap(
        string firstName, Located<IPNetwork>? first, string secondName, Located<IPNetwork>? second, TopologyProblemCollector problems)
    {
        if (first is null || second is null || !Overlap(first.Value, second.Value))
            return;
        // Defaults never overlap each other, so at least one of the two was written in the file.
        if ((second.At ?? first.At) is { } at)
        {
            problems.Add(at,
                $"{firstName} {first.Value} overlaps {secondName} {second.Value}; node, pod and service subnets must not overlap");
        }
    }

    private static bool Overlap(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    private static void CheckNodePodCidrPrefix(
        Located<IPNetwork> podSubnet, Located<int> prefix, NodesSection nodes, TopologyProblemCollector problems)
    {
        var at = prefix.At ?? podSubnet.At ?? nodes.At;
        var podPrefix = podSubnet.Value.PrefixLength;
        if (prefix.Value <= podPrefix)
        {
            problems.Add(at,
                $"nodePodCidrPrefix /{prefix.Value} must be longer than podSubnet {podSubnet.Value}'s /{podPrefix} "
                + "so that each node gets a slice of the pod subnet");
        }
        else if (prefix.Value > LongestNodePodCidrPrefix)
        {
            problems.Add(at,
                $"nodePodCidrPrefix /{prefix.Value} leaves too few pod addresses per node; use at most /{LongestNodePodCidrPrefix}");
        }
        else if (nodes.IsComplete && (1L << (prefix.Value - podPrefix)) < nodes.Total)
        {
            problems.Add(at,
                $"podSubnet {podSubnet.Value} holds {1L << (prefix.Value - podPrefix)} podCIDRs of /{prefix.Value} "
                + $"but there are {nodes.Total} nodes; widen podSubnet or lengthen nodePodCidrPrefix");
        }
    }

    // Every node address is known before anything starts: a lab that cannot hold its nodes is refused here, not half-way through up.
    private static void CheckNodeSubnetSize(Located<IPNetwork>? nodeSubnet, NodesSection nodes, TopologyProblemCollector problems)
    {
        if (nodeSubnet is null)
        {
            var room = SubnetPool.NodeCapacity(SubnetPool.PickedPrefixLength);
            if (nodes.Total > room)
            {
                problems.Add(nodes.At,
                    $"{nodes.Total} nodes do not fit the /{SubnetPool.PickedPrefixLength} picked for the lab network when network.nodeSubnet "
                    + $"is omitted (room for {room}); set network.nodeSubnet to a larger subnet, e.g. 172.30.64.0/22");
            }
            return;
        }
        var capacity = SubnetPool.NodeCapacity(nodeSubnet.Value.PrefixLength);
        if (nodes.Total > capacity && nodeSubnet.At is { } at)
        {
            problems.Add(at,
                $"nodeSubnet {nodeSubnet.Value} has room for {capacity} nodes (they take addresses from offset {SubnetPool.FirstNodeOffset} "
                + $"up to the broadcast address) but there are {nodes.Total}; use a shorter prefix");
        }
    }
}
