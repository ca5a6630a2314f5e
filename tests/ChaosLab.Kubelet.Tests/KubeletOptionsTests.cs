namespace ChaosLab.Kubelet.Tests;

[Category("Unit")]
public sealed class KubeletOptionsTests
{
    [Test]
    public void The_server_port_and_its_certificates_use_upstreams_flag_names()
    {
        var options = KubeletOptions.Parse(["--port=11250", "--tls-cert-file", "/p/k.crt", "--tls-private-key-file=/p/k.key", "--client-ca-file=/p/ca.crt"]);

        Assert.That((options.Port, options.TlsCertFile, options.TlsPrivateKeyFile, options.ClientCaFile), Is.EqualTo((11250, "/p/k.crt", "/p/k.key", "/p/ca.crt")));
    }

    [Test]
    public void By_default_the_kubelet_serves_on_10250_with_the_nodes_lab_certificate()
    {
        var options = KubeletOptions.Parse([]);

        Assert.That((options.Port, options.TlsCertFile, options.ClientCaFile), Is.EqualTo((10250, "/etc/chaoslab/pki/kubelet.crt", "/etc/chaoslab/pki/ca.crt")));
    }

    [Test]
    public void Cluster_dns_and_domain_use_upstreams_flag_names()
    {
        var options = KubeletOptions.Parse(["--cluster-dns=10.96.0.10,10.96.0.11", "--cluster-domain", "cluster.local.", "--resolv-conf=/run/resolv.conf"]);

        Assert.That(options.ClusterDns.Select(ip => ip.ToString()), Is.EqualTo(new[] { "10.96.0.10", "10.96.0.11" }));
        Assert.That((options.ClusterDomain, options.ResolvConf), Is.EqualTo(("cluster.local", "/run/resolv.conf")));
        Assert.That(KubeletOptions.Parse([]).ClusterDns, Is.Empty);
    }
}
