using System.Globalization;

namespace ChaosLab.KubeProxy.Rules;

/// <summary>
/// The rules of one service port, in upstream's layout:
/// <list type="bullet">
/// <item>nat KUBE-SERVICES: cluster IP and port → KUBE-SVC (or KUBE-SVL for internalTrafficPolicy Local);</item>
/// <item>KUBE-SVC/KUBE-SVL: masquerade sources outside the cluster CIDR, then one jump per endpoint,
/// endpoint i of n taken with probability 1/(n−i), the last one unconditionally;</item>
/// <item>KUBE-SEP: masquerade hairpin traffic (the endpoint calling itself), then DNAT to ip:port;</item>
/// <item>nat KUBE-NODEPORTS: node port → KUBE-EXT, which masquerades and goes on to KUBE-SVC;</item>
/// <item>no endpoints: filter KUBE-SERVICES / KUBE-EXTERNAL-SERVICES reject the traffic instead.</item>
/// </list>
/// externalTrafficPolicy Local is treated as Cluster (node-port traffic is masqueraded and may leave the node).
/// </summary>
internal static class ServicePortRules
{
    public static void Write(ProxyServicePort port, IReadOnlyList<ProxyEndpoint> ready, string nodeName, string? clusterCidr, RestoreTable nat, RestoreTable filter)
    {
        var name = port.Name.ToString();
        var protocol = port.Protocol;
        var clusterChain = ChainNames.Service(name, protocol);
        var localChain = ChainNames.LocalService(name, protocol);
        var local = ready.Where(e => string.Equals(e.NodeName, nodeName, StringComparison.Ordinal)).ToList();
        var internalChain = port.InternalTrafficLocal ? localChain : clusterChain;
        var internalEndpoints = port.InternalTrafficLocal ? local : ready;
        var hasNodePort = port.NodePort != 0;

        string[] protocolMatch = ["-m", protocol, "-p", protocol];
        string[] clusterIp = [.. protocolMatch, "-d", $"{port.ClusterIp}/32", "--dport", Number(port.Port)];

        if (internalEndpoints.Count > 0)
        {
            nat.Append(ChainNames.Services, [.. RestoreTable.Comment($"{name} cluster IP"), .. clusterIp, "-j", internalChain]);
            if (!string.IsNullOrEmpty(clusterCidr))
            {
                // Traffic to the VIP from outside the pod network may be routed back off the node: SNAT it.
                nat.Chain(internalChain);
                nat.Append(internalChain, [.. RestoreTable.Comment($"{name} cluster IP"), .. clusterIp, "!", "-s", clusterCidr, "-j", ChainNames.MarkMasquerade]);
            }
        }
        else
        {
            var (comment, target) = port.InternalTrafficLocal ? ($"{name} has no local endpoints", "DROP") : ($"{name} has no endpoints", "REJECT");
            filter.Append(ChainNames.Services, [.. RestoreTable.Comment(comment), .. clusterIp, "-j", target]);
        }

        if (hasNodePort)
        {
            WriteNodePort(port, ready.Count > 0, clusterChain, nat, filter);
        }

        // The endpoint jumps come after the masquerade rule written above into the same chain.
        if (ready.Count > 0 && (!port.InternalTrafficLocal || hasNodePort))
        {
            WritePolicyChain(nat, clusterChain, name, protocol, ready);
        }
        if (port.InternalTrafficLocal && local.Count > 0)
        {
            WritePolicyChain(nat, localChain, name, protocol, local);
        }
    }

    private static void WriteNodePort(ProxyServicePort port, bool hasEndpoints, string clusterChain, RestoreTable nat, RestoreTable filter)
    {
        var name = port.Name.ToString();
        var protocol = port.Protocol;
        string[] protocolMatch = ["-m", protocol, "-p", protocol];
        var nodePort = Number(port.NodePort);
        if (hasEndpoints)
        {
            var externalChain = ChainNames.External(name, protocol);
            nat.Chain(externalChain);
            nat.Append(ChainNames.NodePorts, [.. RestoreTable.Comment(name), .. protocolMatch, "--dport", nodePort, "-j", externalChain]);
            nat.Append(externalChain, [.. RestoreTable.Comment($"masquerade traffic for {name} external destinations"), "-j", ChainNames.MarkMasquerade]);
            nat.Append(externalChain, "-j", clusterChain);
        }
        else
        {
            filter.Append(ChainNames.ExternalServices,
                [.. RestoreTable.Comment($"{name} has no endpoints"), "-m", "addrtype", "--dst-type", "LOCAL", .. protocolMatch, "--dport", nodePort, "-j", "REJECT"]);
        }
    }

    /// <summary>A KUBE-SVC or KUBE-SVL chain spreading connections evenly over its endpoints, and their KUBE-SEP chains.</summary>
    private static void WritePolicyChain(RestoreTable nat, string chain, string name, string protocol, IReadOnlyList<ProxyEndpoint> endpoints)
    {
        nat.Chain(chain);
        for (var i = 0; i < endpoints.Count; i++)
        {
            var endpoint = endpoints[i];
            var endpointChain = ChainNames.Endpoint(name, protocol, endpoint.ToString());
            // Endpoint i of n is tried after i others declined: 1/(n−i) gives each endpoint 1/n overall.
            string[] statistic = i < endpoints.Count - 1
                ? ["-m", "statistic", "--mode", "random", "--probability", Probability(endpoints.Count - i)]
                : [];
            nat.Append(chain, [.. RestoreTable.Comment($"{name} -> {endpoint}"), .. statistic, "-j", endpointChain]);
            if (nat.Chain(endpointChain))
            {
                nat.Append(endpointChain, [.. RestoreTable.Comment(name), "-s", $"{endpoint.Ip}/32", "-j", ChainNames.MarkMasquerade]);
                nat.Append(endpointChain, [.. RestoreTable.Comment(name), "-m", protocol, "-p", protocol, "-j", "DNAT", "--to-destination", endpoint.ToString()]);
            }
        }
    }

    /// <summary>Go's %0.10f of 1/n: 3 endpoints give 0.3333333333, then 0.5000000000.</summary>
    internal static string Probability(int remaining) => (1.0 / remaining).ToString("F10", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
