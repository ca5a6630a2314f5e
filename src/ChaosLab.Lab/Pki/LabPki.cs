using System.Net;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.Pki;

/// <summary>
/// Issues a lab's certificate set in two trust domains, as kubeadm lays them out: the cluster CA
/// (the API server's serving certificate, every component's and the admin's client certificate,
/// kubelets) and a separate etcd CA (members' serving and peer certificates, and the only etcd client
/// certificates: the API servers' and the host's etcd admin). etcd trusts only the etcd CA, so a
/// certificate a worker holds is refused there. A third CA is the supervisors' (<see cref="SupervisorTls"/>).
/// Each node gets only the files it needs.
/// </summary>
public static class LabPki
{
    public const string ApiServerPort = "6443";

    /// <summary>The etcd CA's certificate, in the lab's pki folder and in the pki folder of every node that talks to etcd.</summary>
    public const string EtcdCaFile = "etcd-ca.crt";

    /// <summary>The service-account signing key (sa.key, PKCS#8) and its public half (sa.pub), as kubeadm names them; every API server holds both.</summary>
    public const string ServiceAccountKeyFile = "sa.key";
    public const string ServiceAccountPublicKeyFile = "sa.pub";

    public static void Issue(LabPaths paths, string labName, IReadOnlyList<LabNode> nodes, EtcdLayout etcdLayout, IPAddress? loadBalancer, IPNetwork serviceSubnet)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(nodes);
        using var ca = CertificateAuthority.Create($"chaoslab-{labName}-ca");
        using var etcdCa = CertificateAuthority.Create($"chaoslab-{labName}-etcd-ca");
        PemFiles.WritePair(ca.Certificate, paths.Pki, "ca");
        PemFiles.WriteCertificate(etcdCa.Certificate, Path.Combine(paths.Pki, EtcdCaFile));
        using (var admin = ca.Issue(CertificateProfile.ClientOnly("kubernetes-admin", "system:masters")))
        {
            PemFiles.WritePair(admin, paths.Pki, "admin");
        }
        using (var etcdAdmin = etcdCa.Issue(CertificateProfile.ClientOnly("chaoslab-etcd-admin")))
        {
            PemFiles.WritePair(etcdAdmin, paths.Pki, "etcd-admin");
        }
        using var supervisorCa = CertificateAuthority.Create($"chaoslab-{labName}-supervisor-ca");
        PemFiles.WriteCertificate(supervisorCa.Certificate, Path.Combine(paths.Pki, SupervisorTls.CaFile));
        using (var tooling = supervisorCa.Issue(CertificateProfile.ClientOnly("chaoslab-tooling")))
        {
            PemFiles.WritePair(tooling, paths.Pki, SupervisorTls.ClientName);
        }
        // A bearer token for the admin, for clients that use tokens rather than certificates.
        var adminToken = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(Path.Combine(paths.Pki, "admin.token"), adminToken);
        File.SetUnixFileMode(Path.Combine(paths.Pki, "admin.token"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // One key for the lab, so a token one API server issued is good at every other (HA labs).
        using var serviceAccountKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var firstServiceIp = FirstAddress(serviceSubnet);
        foreach (var node in nodes)
        {
            var dir = paths.NodePki(node.Name);
            PemFiles.WriteCertificate(ca.Certificate, Path.Combine(dir, "ca.crt"));
            PemFiles.WriteCertificate(supervisorCa.Certificate, Path.Combine(dir, SupervisorTls.CaFile));
            using (var supervisor = supervisorCa.Issue(new CertificateProfile(node.Name, [], Server: true, Client: false, [node.Name], [node.Address])))
            {
                PemFiles.WritePair(supervisor, dir, SupervisorTls.ServerName);
            }
            if (node.RunsEtcd(etcdLayout) || node.Role == NodeRole.ControlPlane)
            {
                PemFiles.WriteCertificate(etcdCa.Certificate, Path.Combine(dir, EtcdCaFile));
            }
            if (node.RunsEtcd(etcdLayout))
            {
                IssueServing(etcdCa, dir, "etcd-server", node, ["localhost"], [IPAddress.Loopback]);
                IssueServing(etcdCa, dir, "etcd-peer", node, [], []);
            }
            if (node.Role == NodeRole.ControlPlane)
            {
                var tokens = Path.Combine(paths.Node(node.Name), "tokens.csv");
                File.WriteAllText(tokens, $"{adminToken},kubernetes-admin,admin,\"system:masters\"\n");
                File.SetUnixFileMode(tokens, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                var ips = new List<IPAddress> { IPAddress.Loopback, firstServiceIp };
                if (loadBalancer is not null)
                {
                    ips.Add(loadBalancer);
                }
                IssueServing(ca, dir, "apiserver", node,
                    ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"], [.. ips]);
                IssueClient(etcdCa, dir, "apiserver-etcd-client", "kube-apiserver-etcd-client");
                PemFiles.WriteKey(serviceAccountKey, dir, ServiceAccountKeyFile, ServiceAccountPublicKeyFile);
                IssueClient(ca, dir, "controller-manager", "system:kube-controller-manager");
                IssueClient(ca, dir, "scheduler", "system:kube-scheduler");
            }
            if (node.Role is NodeRole.Worker or NodeRole.ControlPlane)
            {
                IssueServing(ca, dir, "kubelet", node, [], [], $"system:node:{node.Name}", "system:nodes");
                IssueClient(ca, dir, "kube-proxy", "system:kube-proxy");
            }
        }
    }

    private static void IssueServing(CertificateAuthority ca, string dir, string file, LabNode node, string[] extraDns, IPAddress[] extraIps, string? commonName = null, params string[] organizations)
    {
        var profile = new CertificateProfile(commonName ?? node.Name, organizations, Server: true, Client: true,
            [node.Name, .. extraDns], [node.Address, .. extraIps]);
        using var cert = ca.Issue(profile);
        PemFiles.WritePair(cert, dir, file);
    }

    private static void IssueClient(CertificateAuthority ca, string dir, string file, string commonName, params string[] organizations)
    {
        using var cert = ca.Issue(CertificateProfile.ClientOnly(commonName, organizations));
        PemFiles.WritePair(cert, dir, file);
    }

    /// <summary>The service range's first usable address: the `default/kubernetes` service's ClusterIP.</summary>
    public static IPAddress FirstAddress(IPNetwork network)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        bytes[^1]++;
        return new IPAddress(bytes);
    }
}
