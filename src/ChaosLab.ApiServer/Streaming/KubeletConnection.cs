using System.Net;
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
            // nodes/proxy hands the kubelet's answers to the client as they are: no redirect followed, no cookie kept.
            AllowAutoRedirect = false,
            UseCookies = false,
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

    /// <summary>For WebSocket connections (exec, attach) and upgrades (port-forward), over the same TLS settings.</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary>
    /// A SPDY/3.1 upgrade to the kubelet (port-forward), offering <paramref name="protocols"/>: on its 101 the upgraded
    /// connection and the protocol it chose; otherwise its refusal, or the failure to reach it, as a Status.
    /// </summary>
    public async Task<(Stream Connection, string Protocol)> UpgradeAsync(Uri uri, IReadOnlyList<string> protocols, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Connection.Add("Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", SpdyTunnelProtocols.UpgradeToken);
        foreach (var protocol in protocols)
        {
            request.Headers.TryAddWithoutValidation(SpdyTunnelProtocols.ProtocolHeader, protocol);
        }
        HttpResponseMessage response;
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connect.CancelAfter(TimeSpan.FromSeconds(10));
            response = await Invoker.SendAsync(request, connect.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new ApiException(500, "InternalError", $"Internal error occurred: error dialing backend: {ex.Message}");
        }
        if (response.StatusCode != HttpStatusCode.SwitchingProtocols)
        {
            using (response)
            {
                throw await KubeletResponse.ErrorAsync(response, ct);
            }
        }
        var chosen = response.Headers.TryGetValues(SpdyTunnelProtocols.ProtocolHeader, out var values) ? values.FirstOrDefault() ?? "" : "";
        return (await response.Content.ReadAsStreamAsync(ct), chosen);
    }

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
