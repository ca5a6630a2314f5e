using System.Net.WebSockets;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>
/// pods/NAME/exec and pods/NAME/attach over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io, or channel.k8s.io, also
/// for a client that names no subprotocol: <see cref="RemoteCommandProtocol"/>); the two differ only in their options
/// and the kubelet path. The options, container and pod state are checked before the upgrade, so a refusal is an HTTP
/// Status (kubectl then retries over SPDY, gets the same Status and prints it). After the upgrade the kubelet's
/// WebSocket is opened with the same subprotocol and relayed; a failure to reach it is reported on the error channel.
/// SPDY itself is not served for these.
/// </summary>
public sealed class RemoteCommandProxy(ResourceStore objects, KubeletConnection kubelets, ILogger logger)
{
    public async Task ExecAsync(HttpContext context, ResourceRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = PodExecOptions.Parse(context.Request.Query);
        await RelayAsync(context, request, "exec", options.Container, options.KubeletQuery(), ct);
    }

    /// <summary>
    /// Attach to the container's own process. As upstream, stdin is not refused for a container started without it:
    /// the runtime has no stdin to connect, so input goes nowhere (kubectl run -i needs stdin: true in the spec).
    /// </summary>
    public async Task AttachAsync(HttpContext context, ResourceRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = PodAttachOptions.Parse(context.Request.Query);
        await RelayAsync(context, request, "attach", options.Container, options.KubeletQuery(), ct);
    }

    private async Task RelayAsync(HttpContext context, ResourceRequest request, string action, string? containerName, string kubeletQuery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Name!;
        var pod = await objects.GetAsync(request.Type, request.Namespace, name, ct);
        var container = ContainerSelection.Resolve(pod, containerName);
        var node = ContainerSelection.Node(pod) ?? throw ApiException.BadRequest($"pod {name} does not have a host assigned");
        ContainerSelection.RequireRunning(pod, container, action);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw ApiException.BadRequest(IsSpdy(context.Request)
                ? $"Upgrade request required: this server streams {action} over WebSocket ({string.Join(", ", RemoteCommandProtocol.Supported)}), not SPDY/3.1"
                : "Upgrade request required");
        }
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var protocol = RemoteCommandProtocol.Negotiate(requested)
            ?? throw ApiException.BadRequest(
                $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(' ', requested)}], server accepts [{string.Join(' ', RemoteCommandProtocol.Supported)}]");
        var uri = await kubelets.UriAsync(node, "wss", $"/{action}/{request.Namespace}/{name}/{container}", kubeletQuery, ct);

        using var client = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol.SubProtocol });
        using var backend = new ClientWebSocket();
        if (protocol.SubProtocol is { } subProtocol)
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
            var answer = backend.HttpStatusCode == 0 ? ex.Message : $"the kubelet answered {(int)backend.HttpStatusCode} {backend.HttpStatusCode}";
            logger.LogWarning("{Action} {Ns}/{Pod}/{Container}: error dialing backend {Uri}: {Reason}", action, request.Namespace, name, container, uri.GetLeftPart(UriPartial.Path), answer);
            try
            {
                await client.SendAsync(ExecErrorFrame.InternalError($"error dialing backend: {answer}", protocol), WebSocketMessageType.Binary, true, ct);
                await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
            }
            catch (WebSocketException)
            {
                // The client left meanwhile.
            }
            return;
        }
        await WebSocketRelay.RunAsync(client, backend, ExecErrorFrame.InternalError("the connection to the kubelet was lost", protocol), ct);
    }

    private static bool IsSpdy(HttpRequest request) =>
        request.Headers.Upgrade.Any(u => u?.StartsWith("SPDY/", StringComparison.OrdinalIgnoreCase) == true);
}
