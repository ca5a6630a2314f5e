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
/// </summary>
public sealed class PodPortForwardProxy(ResourceStore objects, KubeletConnection kubelets, ILogger logger)
{
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
                throw ApiException.BadRequest("unable to upgrade: no tunneling spdy protocols provided");
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

    private static bool IsSpdy(HttpRequest request) =>
        request.Headers.Upgrade.SelectMany(SpdyTunnelProtocols.Split).Contains(SpdyTunnelProtocols.UpgradeToken, StringComparer.OrdinalIgnoreCase);
}
