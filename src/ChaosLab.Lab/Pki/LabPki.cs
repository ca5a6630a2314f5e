using System.Net;
using ChaosLab.Lab.Topology;

namespace ChaosLab.Lab.Pki;

/// <summary>
/// Issues a lab's certificate set: the CA, per-node serving and peer certificates, one client
/// certificate per component identity, and the admin's. Each node gets only the files it needs;
/// only control-plane nodes (the API servers) hold an etcd client certificate.
/// </summary>
public static class LabPki
{
    public const string ApiServerPort = "6443";

    public static void Issue(LabPaths paths, string labName, IReadOnlyList<LabNode> nodes, EtcdLayout etcdLayout, IPAddress? loadBalancer, IPNetwork serviceSubnet)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(nodes);
        using var ca = CertificateAuthority.Create($"chaoslab-{labName}-ca");
        PemFiles.WritePair(ca.Certificate, paths.Pki, "ca");
        using (var admin = ca.Issue(CertificateProfile.ClientOnly("kubernetes-admin", "system:masters")))
        {
            PemFiles.WritePair(admin, paths.Pki, "admin");
        }
        using (var etcdAdmin = ca.Issue(CertificateProfile.ClientOnly("chaoslab-etcd-admin")))
        {
            PemFiles.WritePair(etcdAdmin, paths.Pki, "etcd-admin");
        }
        // A bearer token for the admin, for clients that use tokens rather than certificates.
        var adminToken = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(Path.Combine(paths.Pki, "admin.token"), adminToken);
        File.SetUnixFileMode(Path.Combine(paths.Pki, "admin.token"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var firstServiceIp = FirstAddress(serviceSubnet);
        foreach (var node in nodes)
        {
            var dir = paths.NodePki(node.Name);
            PemFiles.WriteCertificate(ca.Certificate, Path.Combine(dir, "ca.crt"));
            if (node.RunsEtcd(etcdLayout))
            {
                IssueServing(ca, dir, "etcd-server", node, ["localhost"], [IPAddress.Loopback]);
                IssueServing(ca, dir, "etcd-peer", node, [], []);
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
                IssueClient(ca, dir, "apiserver-etcd-client", "kube-apiserver-etcd-client");
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
