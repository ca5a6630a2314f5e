using System.Net;
using System.Security.Cryptography.X509Certificates;
using ChaosLab.Lab.Pki;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.Tests.Pki;

[Category("Unit")]
public sealed class LabPkiTests
{
    private string _root = "";

    [SetUp]
    public void CreateFolder() => _root = Directory.CreateTempSubdirectory("chaoslab-pki-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_root, recursive: true);

    private static readonly LabNode Cp1 = new("cp-1", NodeRole.ControlPlane, IPAddress.Parse("172.30.9.10"));
    private static readonly LabNode Worker1 = new("worker-1", NodeRole.Worker, IPAddress.Parse("172.30.9.11"));
    private static readonly LabNode Etcd1 = new("etcd-1", NodeRole.Etcd, IPAddress.Parse("172.30.9.12"));

    [Test]
    public void Stacked_control_plane_gets_etcd_serving_and_peer_certificates_for_its_address_and_an_etcd_client_certificate()
    {
        var paths = new LabPaths(_root);
        LabPki.Issue(paths, "t", [Cp1, Worker1], EtcdLayout.Stacked, null, IPNetwork.Parse("10.96.0.0/16"));

        var serving = Load(paths.NodePki("cp-1"), "etcd-server");
        Assert.That(SanText(serving), Does.Contain("172.30.9.10").And.Contain("127.0.0.1").And.Contain("cp-1"));
        Assert.That(File.Exists(Path.Combine(paths.NodePki("cp-1"), "etcd-peer.crt")));
        Assert.That(File.Exists(Path.Combine(paths.NodePki("cp-1"), "apiserver-etcd-client.key")));
        Assert.That(ChainsTo(serving, Path.Combine(paths.Pki, LabPki.EtcdCaFile)), Is.True);
    }

    [Test]
    public void Etcd_is_its_own_trust_domain_so_no_certificate_of_a_worker_chains_to_the_etcd_ca()
    {
        var paths = new LabPaths(_root);
        LabPki.Issue(paths, "t", [Cp1, Worker1], EtcdLayout.Stacked, null, IPNetwork.Parse("10.96.0.0/16"));
        var etcdCa = Path.Combine(paths.NodePki("cp-1"), LabPki.EtcdCaFile);

        foreach (var file in Directory.GetFiles(paths.NodePki("worker-1"), "*.key").Select(Path.GetFileNameWithoutExtension))
        {
            Assert.That(ChainsTo(Load(paths.NodePki("worker-1"), file!), etcdCa), Is.False, $"worker-1's {file} certificate is trusted by etcd");
        }
        Assert.That(ChainsTo(Load(paths.NodePki("cp-1"), "apiserver-etcd-client"), etcdCa), Is.True);
        Assert.That(ChainsTo(Load(paths.Pki, "etcd-admin"), etcdCa), Is.True);
        Assert.That(ChainsTo(Load(paths.NodePki("cp-1"), "apiserver-etcd-client"), Path.Combine(paths.Pki, "ca.crt")), Is.False,
            "the etcd client certificate must not be accepted by the API server as a user");
    }

    [Test]
    public void Only_api_server_nodes_hold_an_etcd_client_certificate()
    {
        var paths = new LabPaths(_root);
        LabPki.Issue(paths, "t", [Cp1, Worker1, Etcd1], EtcdLayout.External, null, IPNetwork.Parse("10.96.0.0/16"));

        Assert.That(Directory.GetFiles(paths.NodePki("worker-1"), "*etcd*"), Is.Empty);
        Assert.That(Directory.GetFiles(paths.NodePki("etcd-1")).Select(Path.GetFileName), Does.Not.Contain("apiserver-etcd-client.crt"));
        Assert.That(File.Exists(Path.Combine(paths.NodePki("etcd-1"), "etcd-server.crt")));
        Assert.That(File.Exists(Path.Combine(paths.NodePki("cp-1"), "etcd-server.crt")), Is.False, "external layout: no member on control planes");
    }

    [Test]
    public void Only_the_lab_tooling_holds_a_client_certificate_the_supervisors_accept()
    {
        var paths = new LabPaths(_root);
        LabPki.Issue(paths, "t", [Cp1, Worker1], EtcdLayout.Stacked, null, IPNetwork.Parse("10.96.0.0/16"));
        using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(paths.NodePki("worker-1"), SupervisorTls.CaFile));

        Assert.That(SupervisorTls.IsClientOf(Load(paths.Pki, SupervisorTls.ClientName), ca), Is.True);
        var serving = Load(paths.NodePki("worker-1"), SupervisorTls.ServerName);
        Assert.That(SupervisorTls.IsServerOf(serving, ca), Is.True);
        Assert.That(SupervisorTls.IsClientOf(serving, ca), Is.False, "a node's serving certificate must not work as a client");
        foreach (var file in Directory.GetFiles(paths.NodePki("worker-1"), "*.key").Select(Path.GetFileNameWithoutExtension))
        {
            Assert.That(SupervisorTls.IsClientOf(Load(paths.NodePki("worker-1"), file!), ca), Is.False, $"worker-1's {file} certificate drives supervisors");
        }
        Assert.That(File.Exists(Path.Combine(paths.NodePki("worker-1"), SupervisorTls.ClientName + ".key")), Is.False);
    }

    [Test]
    public void Every_api_server_holds_the_same_service_account_key_and_no_other_node_does()
    {
        var paths = new LabPaths(_root);
        var cp2 = new LabNode("cp-2", NodeRole.ControlPlane, IPAddress.Parse("172.30.9.14"));
        LabPki.Issue(paths, "t", [Cp1, cp2, Worker1], EtcdLayout.Stacked, null, IPNetwork.Parse("10.96.0.0/16"));

        var keys = new[] { Cp1.Name, cp2.Name }.Select(n => File.ReadAllText(Path.Combine(paths.NodePki(n), LabPki.ServiceAccountKeyFile))).ToList();
        Assert.That(keys[0], Does.StartWith("-----BEGIN PRIVATE KEY-----"));
        Assert.That(keys[1], Is.EqualTo(keys[0]));
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportFromPem(keys[0]);
        Assert.That(File.ReadAllText(Path.Combine(paths.NodePki(Cp1.Name), LabPki.ServiceAccountPublicKeyFile)), Is.EqualTo(key.ExportSubjectPublicKeyInfoPem() + "\n"));
        Assert.That(File.GetUnixFileMode(Path.Combine(paths.NodePki(Cp1.Name), LabPki.ServiceAccountKeyFile)), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.Exists(Path.Combine(paths.NodePki(Worker1.Name), LabPki.ServiceAccountKeyFile)), Is.False);
    }

    [Test]
    public void Kubelet_certificate_names_the_node_user_and_nodes_group()
    {
        var paths = new LabPaths(_root);
        LabPki.Issue(paths, "t", [Cp1, Worker1], EtcdLayout.Stacked, null, IPNetwork.Parse("10.96.0.0/16"));

        var kubelet = Load(paths.NodePki("worker-1"), "kubelet");
        Assert.That(kubelet.Subject, Does.Contain("CN=system:node:worker-1").And.Contain("O=system:nodes"));
    }

    [Test]
    public void Api_server_certificate_covers_the_lb_address_and_the_first_service_address()
    {
        var paths = new LabPaths(_root);
        LabPki.Issue(paths, "t", [Cp1], EtcdLayout.Stacked, IPAddress.Parse("172.30.9.13"), IPNetwork.Parse("10.96.0.0/16"));

        var san = SanText(Load(paths.NodePki("cp-1"), "apiserver"));
        Assert.That(san, Does.Contain("172.30.9.13").And.Contain("10.96.0.1").And.Contain("kubernetes.default.svc"));
    }

    [Test]
    public void Private_keys_are_readable_by_the_owner_only()
    {
        var paths = new LabPaths(_root);
        LabPki.Issue(paths, "t", [Cp1], EtcdLayout.Stacked, null, IPNetwork.Parse("10.96.0.0/16"));

        Assert.That(File.GetUnixFileMode(Path.Combine(paths.Pki, "admin.key")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    private static X509Certificate2 Load(string dir, string name) =>
        X509Certificate2.CreateFromPemFile(Path.Combine(dir, name + ".crt"), Path.Combine(dir, name + ".key"));

    private static string SanText(X509Certificate2 cert) =>
        cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().Format(false);

    private static bool ChainsTo(X509Certificate2 cert, string caPath)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(caPath));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert);
    }
}
