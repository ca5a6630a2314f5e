using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ChaosLab.ApiServer.Storage;
using ChaosLab.Lab;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Pki;
using Spectre.Console;

namespace ChaosLab.Cli.Bench;

/// <summary>
/// API server figures against raw etcd in the same run: the same ConfigMap payloads created through
/// the API (HTTPS, admin certificate, to one API server) and put straight into etcd (gRPC, TLS).
/// </summary>
internal sealed class ApiBenchmark(LabState lab, int count, int concurrency)
{
    public async Task<IReadOnlyList<BenchFigure>> RunAsync()
    {
        var paths = LabPaths.For(lab.Name);
        var cp = lab.Find("cp-1") ?? throw new LabException("the lab has no cp-1");
        var payload = Payload(0).Length;
        AnsiConsole.MarkupLineInterpolated($"payload: ConfigMap of {payload} bytes; {count} operations at concurrency {concurrency}; API server on {cp.Name}");

        using var connection = new EtcdConnection([$"https://{cp.Address}:2379"], Path.Combine(paths.Pki, LabPki.EtcdCaFile),
            Path.Combine(paths.Pki, "etcd-admin.crt"), Path.Combine(paths.Pki, "etcd-admin.key"));
        var etcd = new EtcdStore(connection, TimeSpan.FromSeconds(10));
        using var http = Client(paths);
        var baseUrl = $"https://{cp.Address}:6443";
        var ns = "bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        await SendAsync(http, HttpMethod.Post, $"{baseUrl}/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{ns}}}"}}""");

        var figures = new List<BenchFigure>
        {
            await LatencyRecorder.RunAsync("etcd put (raw)", count, concurrency, i =>
                etcd.CreateAsync($"/chaoslab-bench/{ns}/raw-{i}", Encoding.UTF8.GetBytes(Payload(i)))),
            await LatencyRecorder.RunAsync("API create", count, concurrency, i =>
                SendAsync(http, HttpMethod.Post, $"{baseUrl}/api/v1/namespaces/{ns}/configmaps", Payload(i))),
            await LatencyRecorder.RunAsync("etcd get (raw)", count, concurrency, i => etcd.GetAsync($"/chaoslab-bench/{ns}/raw-{i}")),
            await LatencyRecorder.RunAsync("API get", count, concurrency, i =>
                SendAsync(http, HttpMethod.Get, $"{baseUrl}/api/v1/namespaces/{ns}/configmaps/bench-{i}", null)),
            await LatencyRecorder.RunAsync($"API list ({count} items, limit 500 pages)", 20, Math.Min(concurrency, 4), _ =>
                SendAsync(http, HttpMethod.Get, $"{baseUrl}/api/v1/namespaces/{ns}/configmaps?limit=500", null)),
            await LatencyRecorder.RunAtRateAsync("API create at 100 writes/s for 10 s", 100, TimeSpan.FromSeconds(10), i =>
                SendAsync(http, HttpMethod.Post, $"{baseUrl}/api/v1/namespaces/{ns}/configmaps", Payload(count + i))),
            await WatchThroughputAsync(http, baseUrl, ns),
        };
        await etcd.DeleteAsync($"/chaoslab-bench/{ns}/raw-0", 0);
        return figures;
    }

    /// <summary>Events per second a watcher receives while creates run, and the delay from write to event.</summary>
    private async Task<BenchFigure> WatchThroughputAsync(HttpClient http, string baseUrl, string ns)
    {
        var events = Math.Min(count, 1000);
        // From the list's resourceVersion, as a client watches: an early version such as 1 is compacted (410) a few minutes into a lab's life.
        var from = await ListVersionAsync(http, $"{baseUrl}/api/v1/namespaces/{ns}/secrets?limit=1");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{baseUrl}/api/v1/namespaces/{ns}/secrets?watch=true&resourceVersion={from}&timeoutSeconds=120");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        var sent = new Stopwatch[events];
        var delays = new List<double>();
        var watch = Stopwatch.StartNew();
        var writer = LatencyRecorder.RunAsync("writes", events, concurrency, i =>
        {
            sent[i] = Stopwatch.StartNew();
            return SendAsync(http, HttpMethod.Post, $"{baseUrl}/api/v1/namespaces/{ns}/secrets", $$$"""{"metadata":{"name":"w-{{{i}}}"}}""");
        });
        var received = 0;
        while (received < events && await reader.ReadLineAsync() is { } line)
        {
            var at = line.IndexOf("\"name\":\"w-", StringComparison.Ordinal);
            if (at >= 0 && int.TryParse(line.AsSpan(at + 10, line.IndexOf('"', at + 10) - at - 10), CultureInfo.InvariantCulture, out var i) && sent[i] is { } started)
            {
                delays.Add(started.Elapsed.TotalMilliseconds);
            }
            received++;
        }
        await writer;
        return BenchFigure.From("API watch (write → event delay)", delays, events - delays.Count, watch.Elapsed);
    }

    private static async Task<string> ListVersionAsync(HttpClient http, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var list = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return list.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()
            ?? throw new HttpRequestException($"GET {url}: the list has no resourceVersion");
    }

    private static string Payload(int i) =>
        $$$"""{"metadata":{"name":"bench-{{{i}}}","labels":{"app":"bench","shard":"{{{i % 10}}}"}},"data":{"config":"{{{new string('x', 512)}}}"}}""";

    private static async Task SendAsync(HttpClient http, HttpMethod method, string url, string? body)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode && (int)response.StatusCode != 409)
        {
            throw new HttpRequestException($"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static HttpClient Client(LabPaths paths)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, EnableMultipleHttp2Connections = true };
        handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(Path.Combine(paths.Pki, "admin.crt"), Path.Combine(paths.Pki, "admin.key"))];
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            CustomTrustStore = { X509CertificateLoader.LoadCertificateFromFile(Path.Combine(paths.Pki, "ca.crt")) },
            RevocationMode = X509RevocationMode.NoCheck,
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }
}
