using System.Globalization;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.ControlPlane;

/// <summary>How kube-controller-manager runs on a control-plane node: leader-elected, node timings from the profile.</summary>
public static class ControllerManagerComponent
{
    public const int HealthPort = 10257;

    public static ComponentSpec For(TopologySpec topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var p = topology.Profile;
        // Upstream checks nodes every 5 s against a 40–50 s grace; the fast profile keeps that ratio loosely.
        var monitorPeriod = p == TimingProfile.Fast ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(5);
        string[] args =
        [
            $"{NodeBinary.MountPoint}/chaoslab-node.dll", "controller-manager",
            $"--kubeconfig={ComponentKubeconfig.PathInNode(ComponentNames.ControllerManager)}",
            // As kubeadm: the cluster CA published into every namespace as kube-root-ca.crt.
            $"--root-ca-file={ApiServerComponent.PkiDir}/ca.crt",
            "--leader-elect=true",
            $"--leader-elect-lease-duration={GoDurations.Format(p.LeaseDuration)}",
            $"--leader-elect-renew-deadline={GoDurations.Format(p.RenewDeadline)}",
            $"--leader-elect-retry-period={GoDurations.Format(p.RetryPeriod)}",
            $"--node-monitor-period={GoDurations.Format(monitorPeriod)}",
            $"--node-monitor-grace-period={GoDurations.Format(p.NodeMonitorGracePeriod)}",
            $"--node-eviction-rate={p.NodeEvictionRate.ToString(CultureInfo.InvariantCulture)}",
            "--allocate-node-cidrs=true",
            $"--cluster-cidr={topology.Network.PodSubnet}",
            $"--node-cidr-mask-size={topology.Network.NodePodCidrPrefix.ToString(CultureInfo.InvariantCulture)}",
            $"--port={HealthPort}",
        ];
        return new ComponentSpec(ComponentNames.ControllerManager, $"{NodeBinary.DotnetRoot}/dotnet", args,
            Health: new HealthCheck(HealthCheckKind.Http, $"http://127.0.0.1:{HealthPort}/healthz"));
    }
}
