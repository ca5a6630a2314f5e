using System.Net;
using ChaosLab.Lab.ControlPlane;
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
    public void The_objects_are_an_account_two_replicas_and_the_kube_dns_service()
    {
        var objects = ClusterDnsAddon.Objects(IPNetwork.Parse("10.96.0.0/16"), TimingProfile.Fast);

        Assert.That(objects.Select(o => $"{o.Body["kind"]} {o.Body["metadata"]!["name"]}"),
            Is.EqualTo(new[] { "ServiceAccount kube-dns", "Deployment cluster-dns", "Service kube-dns" }));
        Assert.That(objects.All(o => o.Path.Contains("/namespaces/kube-system/", StringComparison.Ordinal)), Is.True);

        var service = objects[2].Body["spec"]!;
        Assert.That((string?)service["clusterIP"], Is.EqualTo("10.96.0.10"));
        Assert.That(service["ports"]!.AsArray().Select(p => $"{p!["name"]} {p["port"]}/{p["protocol"]}"),
            Is.EqualTo(new[] { "dns 53/UDP", "dns-tcp 53/TCP", "metrics 9153/TCP" }));

        var pod = objects[1].Body["spec"]!["template"]!["spec"]!;
        Assert.That((int?)objects[1].Body["spec"]!["replicas"], Is.EqualTo(2));
        Assert.That((string?)pod["dnsPolicy"], Is.EqualTo("Default"), "the DNS server must not resolve through itself");
        Assert.That((int?)pod["containers"]![0]!["readinessProbe"]!["periodSeconds"], Is.EqualTo(1));
    }

    [Test]
    public void The_pods_run_as_their_service_account_with_the_in_cluster_config_and_no_other_credentials()
    {
        var pod = ClusterDnsAddon.Deployment(TimingProfile.Fast)["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]![0]!;

        Assert.That((string?)pod["serviceAccountName"], Is.EqualTo("kube-dns"));
        Assert.That((bool?)pod["automountServiceAccountToken"], Is.Null, "the token is mounted, as by default");
        Assert.That(container["command"]!.AsArray().Select(a => (string?)a), Has.None.StartsWith("--kubeconfig"), "no kubeconfig: in-cluster config");
        Assert.That(pod["volumes"]!.AsArray().Select(v => v!["hostPath"] is null ? (string?)v["name"] : "hostPath"), Is.All.EqualTo("hostPath"), "no Secret volume");
    }
}
