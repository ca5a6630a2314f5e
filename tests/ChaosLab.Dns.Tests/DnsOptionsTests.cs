namespace ChaosLab.Dns.Tests;

[Category("Unit")]
public sealed class DnsOptionsTests
{
    [Test]
    public void Defaults_are_coredns_ports_and_cluster_local()
    {
        var options = DnsOptions.Parse([]);

        Assert.That((options.ClusterDomain, options.DnsPort, options.HealthPort, options.ReadyPort, options.MetricsPort, options.Kubeconfig),
            Is.EqualTo(("cluster.local", 53, 8080, 8181, 9153, (string?)null)));
    }

    [Test]
    public void Flags_are_read_in_both_spellings_and_bad_ones_refused()
    {
        var options = DnsOptions.Parse(["--kubeconfig", "/k", "--cluster-domain=lab.test.", "--dns-port=1053", "--ttl", "30"]);

        Assert.That((options.Kubeconfig, options.ClusterDomain, options.DnsPort, options.Ttl), Is.EqualTo(("/k", "lab.test", 1053, 30)));
        Assert.Throws<ArgumentException>(() => DnsOptions.Parse(["--dns-port=70000"]));
        Assert.Throws<ArgumentException>(() => DnsOptions.Parse(["--upstream=8.8.8.8"]));
        Assert.Throws<ArgumentException>(() => DnsOptions.Parse(["--cluster-domain=."]));
    }
}
