namespace ChaosLab.ApiServer.Tests;

[Category("Unit")]
public sealed class ApiServerOptionsTests
{
    [Test]
    public void Flags_are_read_in_both_spellings()
    {
        var o = ApiServerOptions.Parse(["--etcd-servers=https://a:2379,https://b:2379", "--secure-port", "7443", "--request-timeout=30s", "--etcd-request-timeout=500ms"]);

        Assert.That(o.EtcdServers, Is.EqualTo(new[] { "https://a:2379", "https://b:2379" }));
        Assert.That(o.SecurePort, Is.EqualTo(7443));
        Assert.That(o.RequestTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(o.EtcdRequestTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
    }

    [Test]
    public void Kubelet_client_flags_are_upstreams_and_unset_by_default()
    {
        var o = ApiServerOptions.Parse(["--etcd-servers=x", "--kubelet-client-certificate=/p/c.crt", "--kubelet-client-key", "/p/c.key", "--kubelet-certificate-authority=/p/ca.crt"]);

        Assert.That((o.KubeletClientCertificate, o.KubeletClientKey, o.KubeletCertificateAuthority), Is.EqualTo(("/p/c.crt", "/p/c.key", "/p/ca.crt")));
        var defaults = ApiServerOptions.Parse(["--etcd-servers=x"]);
        Assert.That((defaults.KubeletClientCertificate, defaults.KubeletClientKey, defaults.KubeletCertificateAuthority), Is.EqualTo(((string?)null, (string?)null, (string?)null)));
    }

    [Test]
    public void An_unknown_flag_is_named() =>
        Assert.That(() => ApiServerOptions.Parse(["--etcd-servers=x", "--bogus=1"]), Throws.ArgumentException.With.Message.Contains("--bogus"));

    [Test]
    public void Etcd_servers_are_required() =>
        Assert.That(() => ApiServerOptions.Parse([]), Throws.ArgumentException.With.Message.Contains("--etcd-servers"));
}
