using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>
/// How the API server reaches a node's kubelet: the Node's InternalIP (else ExternalIP) and
/// status.daemonEndpoints.kubeletEndpoint.Port, over HTTPS with the API server's client certificate, the kubelet's
/// serving certificate checked against the lab CA (and its address).
/// </summary>
public sealed class KubeletConnection : IDisposable
{
    private const int DefaultPort = 10250;
    private static readonly ResourceType Nodes = ResourceCatalog.Find("", "v1", "nodes")!;
    private static readonly string[] AddressTypes = ["InternalIP", "ExternalIP"];
    private readonly ResourceStore _objects;
    private readonly SocketsHttpHandler _handler;

    public KubeletConnection(ResourceStore objects, X509Certificate2 clientCertificate, X509Certificate2 ca)
    {
        _objects = objects;
        _handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
        Http = new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        Invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
    }

    /// <summary>For plain requests (logs); no overall timeout, since a followed log lasts as long as the client wants.</summary>
    public HttpClient Http { get; }

    /// <summary>For WebSocket connections (exec), over the same TLS settings.</summary>
    public HttpMessageInvoker Invoker { get; }

    public async Task<Uri> UriAsync(string node, string scheme, string path, string query, CancellationToken ct)
    {
        var obj = await _objects.GetAsync(Nodes, null, node, ct);
        var (host, port) = Endpoint(obj);
        return new UriBuilder(scheme, host, port, path) { Query = query }.Uri;
    }

    public static (string Host, int Port) Endpoint(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var addresses = (node["status"]?["addresses"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(a => ((string?)a["type"], (string?)a["address"])).ToList();
        var host = AddressTypes
            .Select(type => addresses.FirstOrDefault(a => a.Item1 == type && !string.IsNullOrEmpty(a.Item2)).Item2)
            .FirstOrDefault(a => a is not null)
            ?? throw new ApiException(500, "InternalError",
                $"no preferred addresses found; known addresses: [{string.Join(' ', addresses.Select(a => $"{{{a.Item1} {a.Item2}}}"))}]");
        var port = (int?)node["status"]?["daemonEndpoints"]?["kubeletEndpoint"]?["Port"] is { } p and > 0 ? p : DefaultPort;
        return (host, port);
    }

    public void Dispose()
    {
        Http.Dispose();
        Invoker.Dispose();
        _handler.Dispose();
    }
}
