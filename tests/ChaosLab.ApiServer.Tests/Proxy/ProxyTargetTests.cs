using ChaosLab.ApiServer.Proxy;

namespace ChaosLab.ApiServer.Tests.Proxy;

[Category("Unit")]
public sealed class ProxyTargetTests
{
    [TestCase("web", "", "web", "")]
    [TestCase("web:8080", "", "web", "8080")]
    [TestCase("web:http-alt", "", "web", "http-alt")]
    [TestCase("https:web:443", "https", "web", "443")]
    [TestCase("http:web:", "http", "web", "")]
    [TestCase(":web:80", "", "web", "80")]
    public void Names_split_into_scheme_name_and_port(string id, string scheme, string name, string port) =>
        Assert.That(ProxyTarget.TryParse(id), Is.EqualTo(new ProxyTarget(scheme, name, port)));

    [TestCase("")]
    [TestCase(":80")]
    [TestCase("ftp:web:21")]
    [TestCase("a:b:c:d")]
    public void Other_names_are_not_targets(string id) => Assert.That(ProxyTarget.TryParse(id), Is.Null);

    [TestCase("80", 80)]
    [TestCase("65535", 65535)]
    [TestCase("0", null)]
    [TestCase("65536", null)]
    [TestCase("-1", null)]
    [TestCase("http", null)]
    public void Port_numbers_are_1_to_65535(string port, int? number) => Assert.That(ProxyTarget.PortNumber(port), Is.EqualTo(number));

    [Test]
    public void Without_a_scheme_the_backend_speaks_http() =>
        Assert.That((ProxyTarget.TryParse("web")!.SchemeOrHttp, ProxyTarget.TryParse("https:web:443")!.SchemeOrHttp), Is.EqualTo(("http", "https")));
}
