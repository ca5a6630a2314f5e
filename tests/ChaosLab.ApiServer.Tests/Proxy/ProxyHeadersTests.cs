using ChaosLab.ApiServer.Proxy;

namespace ChaosLab.ApiServer.Tests.Proxy;

[Category("Unit")]
public sealed class ProxyHeadersTests
{
    private static KeyValuePair<string, string[]> H(string name, params string[] values) => KeyValuePair.Create(name, values);

    [Test]
    public void The_backend_gets_the_clients_headers_without_hop_by_hop_credentials_or_impersonation()
    {
        var headers = ProxyHeaders.ForBackend(
        [
            H("Accept", "text/plain"), H("Content-Type", "application/json"), H("X-Custom", "a", "b"),
            H("Connection", "keep-alive, X-Per-Hop"), H("X-Per-Hop", "1"), H("Keep-Alive", "timeout=5"), H("Transfer-Encoding", "chunked"),
            H("Upgrade", "h2c"), H("Te", "trailers"), H("Proxy-Authorization", "Basic eA=="), H("Authorization", "Bearer secret"),
            H("Impersonate-User", "jane"), H("Impersonate-Group", "devs"), H("Impersonate-Extra-Scopes", "x"), H("Host", "127.0.0.1:8001"),
        ], "10.0.0.9", "/api/v1/namespaces/a/pods/web/proxy/x");

        Assert.That(headers.Select(h => h.Key), Is.EqualTo(new[] { "Accept", "Content-Type", "X-Custom", "X-Forwarded-For", "X-Forwarded-Uri" }));
        Assert.That(headers.Single(h => h.Key == "X-Custom").Value, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(headers.Single(h => h.Key == "X-Forwarded-Uri").Value, Is.EqualTo(new[] { "/api/v1/namespaces/a/pods/web/proxy/x" }));
    }

    [Test]
    public void The_clients_address_is_appended_to_X_Forwarded_For()
    {
        var headers = ProxyHeaders.ForBackend([H("x-forwarded-for", "192.0.2.1")], "10.0.0.9", "/p");

        Assert.That(headers.Single(h => h.Key == "X-Forwarded-For").Value, Is.EqualTo(new[] { "192.0.2.1, 10.0.0.9" }));
    }

    [Test]
    public void The_client_gets_the_backends_headers_without_hop_by_hop_or_CORS()
    {
        var headers = ProxyHeaders.ForClient(
        [
            H("Content-Type", "text/html"), H("Content-Length", "12"), H("Set-Cookie", "a=1", "b=2"), H("Connection", "close"),
            H("Transfer-Encoding", "chunked"), H("Access-Control-Allow-Origin", "*"), H("Access-Control-Allow-Credentials", "true"), H("X-Served-By", "pod"),
        ]);

        Assert.That(headers.Select(h => h.Key), Is.EqualTo(new[] { "Content-Type", "Content-Length", "Set-Cookie", "X-Served-By" }));
        Assert.That(headers.Single(h => h.Key == "Set-Cookie").Value, Is.EqualTo(new[] { "a=1", "b=2" }));
    }

    private const string Prefix = "/api/v1/namespaces/a/services/web:80/proxy";

    [TestCase("/login", Prefix + "/login")]
    [TestCase("/login?next=%2F#top", Prefix + "/login?next=%2F#top")]
    [TestCase("http://10.244.1.5:8080/login", Prefix + "/login")]
    [TestCase("http://127.0.0.1:8001/login", "http://127.0.0.1:8001" + Prefix + "/login")]
    [TestCase(Prefix + "/already", Prefix + "/already")]
    [TestCase("login", "login")]
    [TestCase("https://example.com/login", "https://example.com/login")]
    [TestCase("//example.com/login", "//example.com/login")]
    public void Redirects_to_the_backend_come_back_through_the_proxy(string location, string rewritten) =>
        Assert.That(ProxyHeaders.RewriteLocation(location, "10.244.1.5:8080", "127.0.0.1:8001", Prefix), Is.EqualTo(rewritten));
}
