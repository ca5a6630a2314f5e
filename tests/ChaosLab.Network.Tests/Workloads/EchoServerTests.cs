using System.Net;
using System.Text.Json;
using ChaosLab.Workloads.Echo;

namespace ChaosLab.Network.Tests.Workloads;

/// <summary>The echo server on loopback, in this process.</summary>
[Category("Unit")]
public sealed class EchoServerTests
{
    private string _unreadyFile = null!;
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task Start()
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
        _app = EchoServer.Build(fromEnvironment with { Port = 0, ListenAddress = "127.0.0.1" });
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()), Timeout = TimeSpan.FromSeconds(5) };
    }

    [TearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _app.StopAsync();
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
