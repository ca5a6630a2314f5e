using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.ControlPlane;

/// <summary>How kube-proxy runs on a worker: iptables mode, rules rewritten at most every 100 ms.</summary>
public static class KubeProxyComponent
{
    public const int HealthzPort = 10256;

    public static ComponentSpec For(LabNode node, TopologySpec topology)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(topology);
        string[] args =
        [
            $"{NodeBinary.MountPoint}/chaoslab-node.dll", "kube-proxy",
            $"--kubeconfig={ComponentKubeconfig.PathInNode(ComponentNames.KubeProxy)}",
            $"--hostname-override={node.Name}",
            $"--cluster-cidr={topology.Network.PodSubnet}",
            "--proxy-mode=iptables",
            "--iptables-sync-period=30s",
            "--iptables-min-sync-period=100ms",
            $"--healthz-port={HealthzPort}",
        ];
        return new ComponentSpec(ComponentNames.KubeProxy, $"{NodeBinary.DotnetRoot}/dotnet", args,
            Health: new HealthCheck(HealthCheckKind.Http, $"http://127.0.0.1:{HealthzPort}/healthz"));
    }
}
