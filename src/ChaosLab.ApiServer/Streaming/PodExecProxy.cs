using System.Net.WebSockets;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>
/// pods/NAME/exec over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io): the options, container and pod state are
/// checked before the upgrade, so a refusal is an HTTP Status (kubectl then retries over SPDY, gets the same Status and
/// prints it). After the upgrade the kubelet's exec WebSocket is opened and relayed; a failure to reach it is reported
/// on the error channel. SPDY itself is not served.
/// </summary>
public sealed class PodExecProxy(ResourceStore objects, KubeletConnection kubelets, ILogger logger)
{
    public static IReadOnlyList<string> Protocols { get; } = ["v5.channel.k8s.io", "v4.channel.k8s.io"];

    public async Task HandleAsync(HttpContext context, ResourceRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Name!;
        var options = PodExecOptions.Parse(context.Request.Query);
        var pod = await objects.GetAsync(request.Type, request.Namespace, name, ct);
        var container = ContainerSelection.Resolve(pod, options.Container);
        var node = ContainerSelection.Node(pod) ?? throw ApiException.BadRequest($"pod {name} does not have a host assigned");
        ContainerSelection.RequireRunning(pod, container);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw ApiException.BadRequest(IsSpdy(context.Request)
                ? "Upgrade request required: this server streams exec over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io), not SPDY/3.1"
                : "Upgrade request required");
        }
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var protocol = requested.SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .FirstOrDefault(p => Protocols.Contains(p, StringComparer.Ordinal))
            ?? throw ApiException.BadRequest(
                $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(' ', requested)}], server accepts [{string.Join(' ', Protocols)}]");
        var uri = await kubelets.UriAsync(node, "wss", $"/exec/{request.Namespace}/{name}/{container}", options.KubeletQuery(), ct);

        using var client = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol });
        using var backend = new ClientWebSocket();
        backend.Options.AddSubProtocol(protocol);
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
            logger.LogWarning("exec {Ns}/{Pod}/{Container}: error dialing backend {Uri}: {Reason}", request.Namespace, name, container, uri.GetLeftPart(UriPartial.Path), answer);
            try
            {
                await client.SendAsync(ExecErrorFrame.InternalError($"error dialing backend: {answer}"), WebSocketMessageType.Binary, true, ct);
                await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
            }
            catch (WebSocketException)
            {
                // The client left meanwhile.
            }
            return;
        }
        await WebSocketRelay.RunAsync(client, backend, ct);
    }

    private static bool IsSpdy(HttpRequest request) =>
        request.Headers.Upgrade.Any(u => u?.StartsWith("SPDY/", StringComparison.OrdinalIgnoreCase) == true);
}
