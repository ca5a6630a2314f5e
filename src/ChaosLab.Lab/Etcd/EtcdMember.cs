using System.Globalization;
using ChaosLab.Lab.Pki;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.Etcd;

/// <summary>How one etcd member runs in its node: TLS for clients and peers from the lab CA, client
/// certificates required on both, metrics and health on loopback only, timings from the profile.</summary>
public static class EtcdMember
{
    public const int ClientPort = 2379;
    public const int PeerPort = 2380;
    public const int MetricsPort = 2381;
    public const string DataDir = "/var/lib/etcd";
    public const string PkiDir = "/etc/chaoslab/pki";

    public static ComponentSpec Component(LabNode member, IReadOnlyList<LabNode> allMembers, string clusterToken, TimingProfile profile)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(allMembers);
        ArgumentNullException.ThrowIfNull(profile);
        var ip = member.Address;
        var initialCluster = string.Join(',', allMembers.Select(m => $"{m.Name}={PeerUrl(m)}"));
        string[] args =
        [
            "--name", member.Name,
            "--data-dir", DataDir,
            "--listen-client-urls", $"https://{ip}:{ClientPort},https://127.0.0.1:{ClientPort}",
            "--advertise-client-urls", ClientUrl(member),
            "--listen-peer-urls", PeerUrl(member),
            "--initial-advertise-peer-urls", PeerUrl(member),
            "--initial-cluster", initialCluster,
            "--initial-cluster-state", "new",
            "--initial-cluster-token", clusterToken,
            "--client-cert-auth",
            "--trusted-ca-file", $"{PkiDir}/{LabPki.EtcdCaFile}",
            "--cert-file", $"{PkiDir}/etcd-server.crt",
            "--key-file", $"{PkiDir}/etcd-server.key",
            "--peer-client-cert-auth",
            "--peer-trusted-ca-file", $"{PkiDir}/{LabPki.EtcdCaFile}",
            "--peer-cert-file", $"{PkiDir}/etcd-peer.crt",
            "--peer-key-file", $"{PkiDir}/etcd-peer.key",
            "--listen-metrics-urls", $"http://127.0.0.1:{MetricsPort}",
            "--heartbeat-interval", Milliseconds(profile.EtcdHeartbeat),
            "--election-timeout", Milliseconds(profile.EtcdElectionTimeout),
            // etcd 3.5 and later (what Kubernetes ships) run Raft's pre-vote round by default; Debian's
            // 3.4 does not. Without it a member cut off by a partition comes back with a higher term and
            // forces a new election on the healthy majority.
            "--pre-vote=true",
            "--logger", "zap",
            "--log-outputs", "stderr",
        ];
        return new ComponentSpec(ComponentNames.Etcd, "/usr/bin/etcd", args,
            Health: new HealthCheck(HealthCheckKind.Http, $"http://127.0.0.1:{MetricsPort}/health"));
    }

    public static string ClientUrl(LabNode member) => $"https://{member?.Address}:{ClientPort}";

    public static string PeerUrl(LabNode member) => $"https://{member?.Address}:{PeerPort}";

    private static string Milliseconds(TimeSpan t) => ((int)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
