using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChaosLab.ControllerManager.RootCaCertPublisher;
using k8s;

namespace ChaosLab.ControllerManager.Tests.RootCaCertPublisher;

[Category("Unit")]
public class RootCaBundleTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("root-ca-bundle-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void The_root_ca_file_is_published_as_written()
    {
        var pem = "# cluster CA\n" + NewCaPem("file-ca");
        var file = Path.Combine(_dir, "ca.crt");
        File.WriteAllText(file, pem);

        Assert.That(RootCaBundle.Load(file, Kubeconfig(NewCaPem("kubeconfig-ca"))), Is.EqualTo(pem));
    }

    [Test]
    public void Without_a_root_ca_file_the_kubeconfigs_CA_is_published()
    {
        var pem = NewCaPem("kubeconfig-ca");

        var published = RootCaBundle.Load(null, Kubeconfig(pem));

        Assert.That(published, Is.EqualTo(pem + "\n"));
    }

    [Test]
    public void Without_either_there_is_nothing_to_publish()
    {
        Assert.That(RootCaBundle.Load(null, new KubernetesClientConfiguration { Host = "https://127.0.0.1:6443" }), Is.Null);
    }

    [Test]
    public void A_root_ca_file_without_a_certificate_or_missing_is_an_error()
    {
        var empty = Path.Combine(_dir, "empty.crt");
        File.WriteAllText(empty, "not a certificate\n");

        Assert.That(() => RootCaBundle.ReadFile(empty), Throws.TypeOf<InvalidDataException>().With.Message.Contains("no certificate"));
        Assert.That(() => RootCaBundle.ReadFile(Path.Combine(_dir, "absent.crt")), Throws.TypeOf<InvalidDataException>().With.Message.Contains("absent.crt"));
    }

    private KubernetesClientConfiguration Kubeconfig(string caPem)
    {
        var path = Path.Combine(_dir, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: lab
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority-data: {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(caPem))}
            users:
            - name: cm
              user:
                token: abc
            contexts:
            - name: cm
              context:
                cluster: lab
                user: cm
            current-context: cm

            """);
        return KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
    }

    private static string NewCaPem(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem();
    }
}
