using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChaosLab.Kubelet.Server;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class KubeletAuthorizerTests
{
    [Test]
    public void An_api_server_certificate_is_allowed()
    {
        using var cert = Certificate("CN=cp-1", "cp-1", "kubernetes", "kubernetes.default.svc");

        Assert.That(KubeletAuthorizer.Allowed(cert), Is.True);
    }

    [Test]
    public void A_cluster_admin_is_allowed()
    {
        using var cert = Certificate("O=system:masters, CN=kubernetes-admin");

        Assert.That(KubeletAuthorizer.Allowed(cert), Is.True);
    }

    [Test]
    public void Other_lab_identities_get_upstreams_refusal()
    {
        using var proxy = Certificate("CN=system:kube-proxy");
        using var node = Certificate("O=system:nodes, CN=system:node:worker-2", "worker-2");

        Assert.That((KubeletAuthorizer.Allowed(proxy), KubeletAuthorizer.Allowed(node), KubeletAuthorizer.Allowed(null)), Is.EqualTo((false, false, false)));
        Assert.That(KubeletAuthorizer.Refusal(proxy, "create"), Is.EqualTo("Forbidden (user=system:kube-proxy, verb=create, resource=nodes, subresource=proxy)"));
    }

    private static X509Certificate2 Certificate(string subject, params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (dnsNames.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }
            request.CertificateExtensions.Add(san.Build());
        }
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
    }
}
