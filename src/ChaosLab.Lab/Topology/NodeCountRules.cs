namespace ChaosLab.Lab.Topology;

/// <summary>Which mixes of node counts make a cluster.</summary>
internal static class NodeCountRules
{
    public static void Check(NodesSection nodes, TopologyProblemCollector problems)
    {
        if (!nodes.IsComplete)
            return;
        var controlPlanes = nodes.Count(NodeRole.ControlPlane);
        var loadBalancers = nodes.Count(NodeRole.LoadBalancer);
        if (controlPlanes < 1)
        {
            problems.Add(nodes.CountAt(NodeRole.ControlPlane),
                $"control-plane count must be at least 1, found {controlPlanes}");
        }
        if (loadBalancers > 1)
        {
            problems.Add(nodes.CountAt(NodeRole.LoadBalancer),
                $"lb count must be 0 or 1 (one load balancer fronts all API servers), found {loadBalancers}");
        }
        if (controlPlanes > 1 && loadBalancers == 0)
        {
            problems.Add(nodes.CountAt(NodeRole.ControlPlane),
                $"{controlPlanes} control-plane nodes need an lb node in front of their API servers; add 'lb: 1' under nodes");
        }
    }
}
