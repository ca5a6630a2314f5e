using System.Net;
using System.Text.Json;
using ChaosLab.Workloads.Echo;

namespace ChaosLab.Network.Tests.Workloads;

/// <summary>The echo server on loopback, in this process.</summary>
[Category("Unit")]
public sealed class EchoServerTests
{
    private string _unreadyFile = null!;
    private EchoServer _app = null!;
    private HttpClient _http = null!;

    [SetUp]
    public void Start()
    {
        _unreadyFile = Path.Combine(Path.GetTempPath(), $"chaoslab-unready-{Guid.NewGuid():N}");
        var fromEnvironment = EchoSettings.FromEnvironment(name => name switch
        {
            "POD_NAME" => "web-1",
            "POD_NAMESPACE" => "shop",
            "NODE_NAME" => "worker-2",
            "POD_IP" => "10.244.2.7",
            "UNREADY_FILE" => _unreadyFile,
            _ => null,
        });
        _app = EchoServer.Start(fromEnvironment with { Port = 0, ListenAddress = "127.0.0.1" });
        _http = new HttpClient { BaseAddress = new Uri(_app.Url), Timeout = TimeSpan.FromSeconds(5) };
    }

    [TearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        File.Delete(_unreadyFile);
    }

    [Test]
    public async Task Every_path_answers_with_pod_namespace_node_ip_client_path_and_time()
    {
        using var response = await _http.GetAsync(new Uri("/any/path?x=1", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(root.GetProperty("pod").GetString(), Is.EqualTo("web-1"));
        Assert.That(root.GetProperty("namespace").GetString(), Is.EqualTo("shop"));
        Assert.That(root.GetProperty("node").GetString(), Is.EqualTo("worker-2"));
        Assert.That(root.GetProperty("podIP").GetString(), Is.EqualTo("10.244.2.7"));
        Assert.That(root.GetProperty("client").GetString(), Does.Match(@"^127\.0\.0\.1:\d+$"));
        Assert.That(root.GetProperty("path").GetString(), Is.EqualTo("/any/path"));
        Assert.That(root.GetProperty("time").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public async Task Posts_and_the_root_path_are_echoed_too()
    {
        using var content = new StringContent("x");
        using var response = await _http.PostAsync(new Uri("/", UriKind.Relative), content);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.That(json.RootElement.GetProperty("path").GetString(), Is.EqualTo("/"));
    }

    [Test]
    public async Task Several_requests_share_one_kept_alive_connection_and_a_body_is_skipped()
    {
        for (var i = 0; i < 5; i++)
        {
            using var content = new StringContent(new string('x', 10_000));
            using var response = await _http.PostAsync(new Uri($"/n/{i}", UriKind.Relative), content);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.That(json.RootElement.GetProperty("path").GetString(), Is.EqualTo($"/n/{i}"));
        }
    }

    [Test]
    public async Task A_malformed_request_gets_400_and_the_connection_closes()
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(new Uri(_app.Url).Host, new Uri(_app.Url).Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync("NONSENSE\r\n\r\n"u8.ToArray());
        using var reader = new StreamReader(stream);
        var all = await reader.ReadToEndAsync();

        Assert.That(all, Does.StartWith("HTTP/1.1 400 Bad Request\r\n").And.Contain("Connection: close"));
    }

    [TestCase("GET /a/b?x=1 HTTP/1.1", "GET", "/a/b", true)]
    [TestCase("GET http://10.96.0.1/p HTTP/1.1", "GET", "/p", true)]
    [TestCase("HEAD / HTTP/1.0", "HEAD", "/", false)]
    public void The_request_line_gives_method_path_and_keep_alive(string line, string method, string path, bool keepAlive)
    {
        var head = HttpRequestHead.Parse(line + "\r\nHost: x");

        Assert.That((head.Method, head.Path, head.KeepAlive, head.Error), Is.EqualTo((method, path, keepAlive, (int?)null)));
    }

    [TestCase("GET / HTTP/1.1\r\nConnection: close", false, null)]
    [TestCase("GET / HTTP/1.1\r\nContent-Length: 12", true, null)]
    [TestCase("GET / HTTP/1.1\r\nContent-Length: -1", false, 400)]
    [TestCase("POST / HTTP/1.1\r\nTransfer-Encoding: chunked", false, 501)]
    [TestCase("GET / HTTP/1.1\r\nno colon here", false, 400)]
    [TestCase("GET /", false, 400)]
    public void Headers_set_keep_alive_and_body_length_or_an_error(string head, bool keepAlive, int? error)
    {
        var parsed = HttpRequestHead.Parse(head);

        Assert.That((parsed.KeepAlive, parsed.Error), Is.EqualTo((keepAlive, error)));
    }

    [Test]
    public async Task Healthz_is_always_ok()
    {
        await File.WriteAllTextAsync(_unreadyFile, "");
        using var response = await _http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Ready_is_503_while_the_unready_file_exists()
    {
        Assert.That(await StatusOfReadyAsync(), Is.EqualTo(HttpStatusCode.OK));
        await File.WriteAllTextAsync(_unreadyFile, "");
        Assert.That(await StatusOfReadyAsync(), Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        File.Delete(_unreadyFile);
        Assert.That(await StatusOfReadyAsync(), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void Settings_default_to_port_8080_and_tmp_unready_and_reject_a_bad_port()
    {
        var settings = EchoSettings.FromEnvironment(_ => null);

        Assert.That((settings.Port, settings.UnreadyFile, settings.LogRequests), Is.EqualTo((8080, "/tmp/unready", false)));
        Assert.That(() => EchoSettings.FromEnvironment(n => n == "PORT" ? "http" : null), Throws.ArgumentException.With.Message.Contains("PORT"));
    }

    private async Task<HttpStatusCode> StatusOfReadyAsync()
    {
        using var response = await _http.GetAsync(new Uri("/ready", UriKind.Relative));
        return response.StatusCode;
    }
}
