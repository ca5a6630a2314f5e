using ChaosLab.KubeProxy.Rules;

namespace ChaosLab.KubeProxy.Tests.Rules;

[Category("Unit")]
public sealed class ChainNamesTests
{
    // Expected names are the ones upstream kube-proxy produces (its own tests and real clusters' iptables-save).
    [TestCase("ns1/svc1:p80", "tcp", "KUBE-SVC-XPGD46QRK7WJZT7O")]
    [TestCase("default/kubernetes:https", "tcp", "KUBE-SVC-NPX46M4PTMTKRN6Y")]
    [TestCase("kube-system/kube-dns:dns", "udp", "KUBE-SVC-TCOU7JCQXEZGVUNU")]
    [TestCase("kube-system/kube-dns:dns-tcp", "tcp", "KUBE-SVC-ERIFXISQEP7F7OF4")]
    [TestCase("default/nginx", "tcp", "KUBE-SVC-2CMXP7HKUVJN7L6M")]
    public void Service_chain_names_match_upstream(string servicePort, string protocol, string expected) =>
        Assert.That(ChainNames.Service(servicePort, protocol), Is.EqualTo(expected));

    [Test]
    public void Endpoint_chain_name_hashes_the_endpoint_too() =>
        Assert.That(ChainNames.Endpoint("ns1/svc1:p80", "tcp", "10.180.0.1:80"), Is.EqualTo("KUBE-SEP-SXIVWICOYRO3J4NJ"));

    [Test]
    public void Names_are_stable_and_fit_iptables_28_character_limit()
    {
        var first = ChainNames.Endpoint("a-long-namespace/a-long-service-name:a-long-port", "sctp", "10.244.123.234:65535");
        var second = ChainNames.Endpoint("a-long-namespace/a-long-service-name:a-long-port", "sctp", "10.244.123.234:65535");

        Assert.That(first, Is.EqualTo(second));
        Assert.That(first, Has.Length.EqualTo(25));
        Assert.That(ChainNames.LocalService("ns1/svc1:p80", "tcp"), Is.EqualTo("KUBE-SVL-XPGD46QRK7WJZT7O"));
        Assert.That(ChainNames.External("ns1/svc1:p80", "tcp"), Is.EqualTo("KUBE-EXT-XPGD46QRK7WJZT7O"));
    }

    [TestCase("", "")]
    [TestCase("f", "MY======")]
    [TestCase("fo", "MZXQ====")]
    [TestCase("foo", "MZXW6===")]
    [TestCase("foob", "MZXW6YQ=")]
    [TestCase("foobar", "MZXW6YTBOI======")]
    public void Base32_follows_rfc4648(string input, string expected) =>
        Assert.That(Base32.Encode(System.Text.Encoding.ASCII.GetBytes(input)), Is.EqualTo(expected));

    [TestCase("KUBE-SVC-XPGD46QRK7WJZT7O", true)]
    [TestCase("KUBE-SEP-SXIVWICOYRO3J4NJ", true)]
    [TestCase("KUBE-EXT-XPGD46QRK7WJZT7O", true)]
    [TestCase("KUBE-SVL-XPGD46QRK7WJZT7O", true)]
    [TestCase("KUBE-SERVICES", false)]
    [TestCase("KUBE-MARK-MASQ", false)]
    [TestCase("DOCKER_OUTPUT", false)]
    public void Only_per_service_chains_are_deletable(string chain, bool expected) =>
        Assert.That(ChainNames.IsPerServiceChain(chain), Is.EqualTo(expected));
}
