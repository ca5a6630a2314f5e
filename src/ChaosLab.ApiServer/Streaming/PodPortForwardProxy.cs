using System.Net.WebSockets;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>
/// pods/NAME/portforward, as upstream's API server serves it: the kubelet's /portForward/NS/POD is asked for a SPDY/3.1
/// upgrade (portforward.k8s.io), and its connection is joined to the client's. kubectl 1.31+ first asks for a
/// WebSocket with subprotocol SPDY/3.1+portforward.k8s.io and then carries the SPDY bytes in binary messages; when
/// that upgrade fails it falls back to a plain SPDY/3.1 upgrade, whose connection carries them directly. Either way
/// the kubelet is dialled first, so its refusal (or an unreachable kubelet) is an HTTP Status, not a broken tunnel.
/// A WebSocket that asks for no tunnel (v4.channel.k8s.io or no subprotocol at all, as the official C# client's) is the
/// older port-forward protocol, which upstream hands to the kubelet: so does this server (<see cref="ForwardChannelsAsync"/>).
/// </summary>
public sealed class PodPortForwardProxy(ResourceStore objects, KubeletConnection kubelets, ILogger logger)
{
    /// <summary>The older WebSocket port-forward's one named subprotocol; a client may also name none.</summary>
    public const string ChannelProtocol = "v4.channel.k8s.io";

    public async Task HandleAsync(HttpContext context, ResourceRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Name!;
        var pod = await objects.GetAsync(request.Type, request.Namespace, name, ct);
        var node = ContainerSelection.Node(pod) ?? throw ApiException.BadRequest($"pod {name} does not have a host assigned");
        var websocket = context.WebSockets.IsWebSocketRequest;
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        IReadOnlyList<string> protocols;
        if (websocket)
        {
            protocols = SpdyTunnelProtocols.FromWebSocket(context.WebSockets.WebSocketRequestedProtocols);
            if (protocols.Count == 0)
            {
                // Not a tunnel: as upstream, the kubelet serves the older WebSocket protocol itself.
                await ForwardChannelsAsync(context, request, node, ct);
                return;
            }
        }
        else if (upgrade is { IsUpgradableRequest: true } && IsSpdy(context.Request))
        {
            protocols = [.. context.Request.Headers[SpdyTunnelProtocols.ProtocolHeader].SelectMany(SpdyTunnelProtocols.Split)];
        }
        else
        {
            throw ApiException.BadRequest("Upgrade request required");
        }
        var uri = await kubelets.UriAsync(node, "https", $"/portForward/{request.Namespace}/{name}", "", ct);
        var (backend, protocol) = await kubelets.UpgradeAsync(uri, protocols, ct);
        await using (backend)
        {
            logger.LogInformation("portforward {Ns}/{Pod}: tunnel to {Node} open ({Transport}, {Protocol})", request.Namespace, name, node,
                websocket ? "WebSocket" : "SPDY", protocol);
            if (websocket)
            {
                // .NET refuses "SPDY/3.1+portforward.k8s.io" as a subprotocol ('/' is not a token character), so the
                // answer's header is written here and the socket is accepted without naming one.
                if (SpdyTunnelProtocols.ToWebSocket(protocol) is { } subprotocol)
                {
                    context.Response.Headers.SecWebSocketProtocol = subprotocol;
                }
                using var client = await context.WebSockets.AcceptWebSocketAsync();
                await UpgradedStreamRelay.RunAsync(client, backend, ct);
            }
            else
            {
                context.Response.Headers.Upgrade = SpdyTunnelProtocols.UpgradeToken;
                if (protocol.Length > 0)
                {
                    context.Response.Headers[SpdyTunnelProtocols.ProtocolHeader] = protocol;
                }
                var client = await upgrade!.UpgradeAsync();
                await UpgradedStreamRelay.RunAsync(client, backend, ct);
            }
        }
    }

    /// <summary>
    /// The older WebSocket port-forward (ports in the query, a data and an error channel per port): the kubelet's
    /// WebSocket is opened with the client's subprotocol (v4.channel.k8s.io, or none) before the client's upgrade is
    /// accepted, so a refusal is still an HTTP Status, and then the messages are relayed.
    /// </summary>
    private async Task ForwardChannelsAsync(HttpContext context, ResourceRequest request, string node, CancellationToken ct)
    {
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var named = requested.SelectMany(SpdyTunnelProtocols.Split).ToList();
        if (named.Count > 0 && !named.Contains(ChannelProtocol, StringComparer.Ordinal))
        {
            throw ApiException.BadRequest(
                $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(' ', requested)}], server accepts [{SpdyTunnelProtocols.Prefix}portforward.k8s.io {ChannelProtocol}]");
        }
        var subProtocol = named.Count > 0 ? ChannelProtocol : null;
        var options = PodPortForwardOptions.Parse(context.Request.Query);
        var uri = await kubelets.UriAsync(node, "wss", $"/portForward/{request.Namespace}/{request.Name}", options.KubeletQuery(), ct);
        using var backend = new ClientWebSocket();
        if (subProtocol is not null)
        {
            backend.Options.AddSubProtocol(subProtocol);
        }
        backend.Options.CollectHttpResponseDetails = true;
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connect.CancelAfter(TimeSpan.FromSeconds(10));
            await backend.ConnectAsync(uri, kubelets.Invoker, connect.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw backend.HttpStatusCode == 0
                ? new ApiException(500, "InternalError", $"Internal error occurred: error dialing backend: {ex.Message}")
                : KubeletResponse.Error((int)backend.HttpStatusCode, ex.Message);
        }
        logger.LogInformation("portforward {Ns}/{Pod}: WebSocket to {Node} open for port(s) {Ports}", request.Namespace, request.Name, node, string.Join(',', options.Ports));
        using var client = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = subProtocol });
        await WebSocketRelay.RunAsync(client, backend, backendLost: null, ct);
    }

    private static bool IsSpdy(HttpRequest request) =>
        request.Headers.Upgrade.SelectMany(SpdyTunnelProtocols.Split).Contains(SpdyTunnelProtocols.UpgradeToken, StringComparer.OrdinalIgnoreCase);
}
