using System.Globalization;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.ControlPlane;

/// <summary>
/// How the kubelet runs on a worker: `chaoslab-node kubelet` driving the node's containerd through CRI, with heartbeat
/// timings from the profile, serving logs and exec on its server port with the node's lab-issued certificate and
/// requiring lab-CA client certificates.
/// </summary>
public static class KubeletComponent
{
    public const int HealthzPort = 10248;
    public const int Port = 10250;

    public static ComponentSpec For(LabNode node, TopologySpec topology)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(topology);
        var profile = topology.Profile;
        // Upstream renews the node lease every quarter of its duration.
        var leaseSeconds = Math.Max(1, (int)(profile.NodeLeaseRenewInterval.TotalSeconds * 4));
        var backoff = profile == TimingProfile.Fast ? "1s" : "10s";
        string[] args =
        [
            $"{NodeBinary.MountPoint}/chaoslab-node.dll", "kubelet",
            $"--kubeconfig={ComponentKubeconfig.PathInNode(ComponentNames.Kubelet)}",
            $"--hostname-override={node.Name}",
            $"--node-ip={node.Address}",
            $"--cluster-cidr={topology.Network.PodSubnet}",
            $"--node-status-update-frequency={Ms(profile.NodeStatusUpdateFrequency)}",
            $"--node-lease-duration-seconds={leaseSeconds.ToString(CultureInfo.InvariantCulture)}",
            $"--node-lease-renew-interval={Ms(profile.NodeLeaseRenewInterval)}",
            $"--container-restart-backoff={backoff}",
            $"--healthz-port={HealthzPort}",
            $"--port={Port}",
            $"--tls-cert-file={ApiServerComponent.PkiDir}/kubelet.crt",
            $"--tls-private-key-file={ApiServerComponent.PkiDir}/kubelet.key",
            $"--client-ca-file={ApiServerComponent.PkiDir}/ca.crt",
            $"--container-runtime-endpoint=unix://{ContainerdComponent.Socket}",
            $"--cluster-dns={ClusterDnsAddon.ServiceIp(topology.Network.ServiceSubnet)}",
            $"--cluster-domain={ClusterDnsAddon.ClusterDomain}",
        ];
        return new ComponentSpec(ComponentNames.Kubelet, $"{NodeBinary.DotnetRoot}/dotnet", args,
            Health: new HealthCheck(HealthCheckKind.Http, $"http://127.0.0.1:{HealthzPort}/healthz"));
    }

    private static string Ms(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
