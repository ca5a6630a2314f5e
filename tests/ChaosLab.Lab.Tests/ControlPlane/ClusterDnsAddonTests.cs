using System.Net;
using System.Text;
using ChaosLab.Lab.ControlPlane;
using ChaosLab.Lab.Pki;
using ChaosLab.Lab.Topology;

namespace ChaosLab.Lab.Tests.ControlPlane;

[Category("Unit")]
public sealed class ClusterDnsAddonTests
{
    [Test]
    public void Kube_dns_takes_the_tenth_address_of_the_service_range()
    {
        Assert.That(ClusterDnsAddon.ServiceIp(IPNetwork.Parse("10.96.0.0/16")).ToString(), Is.EqualTo("10.96.0.10"));
        Assert.That(ClusterDnsAddon.ServiceIp(IPNetwork.Parse("172.30.1.248/29")).ToString(), Is.EqualTo("172.30.2.2"));
    }

    [Test]
    public void The_objects_are_an_account_its_credentials_two_replicas_and_the_kube_dns_service()
    {
        var objects = ClusterDnsAddon.Objects(IPNetwork.Parse("10.96.0.0/16"), "172.20.0.5", new PemBundle("CA", "CERT", "KEY"), TimingProfile.Fast);

        Assert.That(objects.Select(o => $"{o.Body["kind"]} {o.Body["metadata"]!["name"]}"),
            Is.EqualTo(new[] { "ServiceAccount kube-dns", "Secret kube-dns-credentials", "Deployment cluster-dns", "Service kube-dns" }));
        Assert.That(objects.All(o => o.Path.Contains("/namespaces/kube-system/", StringComparison.Ordinal)), Is.True);

        var service = objects[3].Body["spec"]!;
        Assert.That((string?)service["clusterIP"], Is.EqualTo("10.96.0.10"));
        Assert.That(service["ports"]!.AsArray().Select(p => $"{p!["name"]} {p["port"]}/{p["protocol"]}"),
            Is.EqualTo(new[] { "dns 53/UDP", "dns-tcp 53/TCP", "metrics 9153/TCP" }));

        var pod = objects[2].Body["spec"]!["template"]!["spec"]!;
        Assert.That((int?)objects[2].Body["spec"]!["replicas"], Is.EqualTo(2));
        Assert.That((string?)pod["dnsPolicy"], Is.EqualTo("Default"), "the DNS server must not resolve through itself");
        Assert.That((int?)pod["containers"]![0]!["readinessProbe"]!["periodSeconds"], Is.EqualTo(1));

        var kubeconfig = Encoding.UTF8.GetString(Convert.FromBase64String((string)objects[1].Body["data"]!["kubeconfig"]!));
        Assert.That(kubeconfig, Does.Contain("server: https://172.20.0.5:6443").And.Contain("client-certificate: /etc/kube-dns/tls.crt"));
        Assert.That(Encoding.UTF8.GetString(Convert.FromBase64String((string)objects[1].Body["data"]!["tls.key"]!)), Is.EqualTo("KEY"));
    }
}
