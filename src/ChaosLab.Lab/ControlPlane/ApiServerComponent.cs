using System.Globalization;
using ChaosLab.Lab.Etcd;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Pki;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.ControlPlane;

/// <summary>How kube-apiserver runs on a control-plane node: `chaoslab-node apiserver` with kube-apiserver's flags.</summary>
public static class ApiServerComponent
{
    public const int Port = 6443;
    public const string PkiDir = "/etc/chaoslab/pki";
    public const string TokenFile = "/etc/chaoslab/tokens.csv";

    /// <summary>Upstream's default issuer, which is also the audience API servers accept.</summary>
    public const string ServiceAccountIssuer = "https://kubernetes.default.svc.cluster.local";

    public static ComponentSpec For(LabNode node, IReadOnlyList<LabNode> etcdMembers, TopologySpec topology)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(etcdMembers);
        ArgumentNullException.ThrowIfNull(topology);
        // The local member first (stacked): reads stay on the node unless it is down.
        var etcd = etcdMembers.OrderBy(m => m.Name == node.Name ? 0 : 1).Select(EtcdMember.ClientUrl);
        var profile = topology.Profile;
        string[] args =
        [
            $"{NodeBinary.MountPoint}/chaoslab-node.dll", "apiserver",
            "--bind-address=0.0.0.0",
            $"--secure-port={Port}",
            $"--advertise-address={node.Address}",
            $"--etcd-servers={string.Join(',', etcd)}",
            $"--etcd-cafile={PkiDir}/{LabPki.EtcdCaFile}",
            $"--etcd-certfile={PkiDir}/apiserver-etcd-client.crt",
            $"--etcd-keyfile={PkiDir}/apiserver-etcd-client.key",
            $"--tls-cert-file={PkiDir}/apiserver.crt",
            $"--tls-private-key-file={PkiDir}/apiserver.key",
            $"--client-ca-file={PkiDir}/ca.crt",
            $"--token-auth-file={TokenFile}",
            $"--service-account-issuer={ServiceAccountIssuer}",
            $"--service-account-signing-key-file={PkiDir}/{LabPki.ServiceAccountKeyFile}",
            $"--service-account-key-file={PkiDir}/{LabPki.ServiceAccountPublicKeyFile}",
            $"--api-audiences={ServiceAccountIssuer}",
            $"--service-cluster-ip-range={topology.Network.ServiceSubnet}",
            $"--default-not-ready-toleration-seconds={Seconds(profile.DefaultNotReadyTolerationSeconds)}",
            $"--default-unreachable-toleration-seconds={Seconds(profile.DefaultUnreachableTolerationSeconds)}",
            // Control-plane nodes run no network plugin: the API server routes a pod's node podCIDR itself before proxying there.
            "--route-pod-cidrs=true",
        ];
        return new ComponentSpec(ComponentNames.ApiServer, $"{NodeBinary.DotnetRoot}/dotnet", args,
            Health: new HealthCheck(HealthCheckKind.Http, $"https://127.0.0.1:{Port}/readyz"));
    }

    private static string Seconds(TimeSpan t) => ((long)t.TotalSeconds).ToString(CultureInfo.InvariantCulture);
}
