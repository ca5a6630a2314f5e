using System.Net.WebSockets;
using ChaosLab.Cri.Streaming.Spdy;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// The kubelet's API on its server port, under upstream's paths: GET /containerLogs/NS/POD/CONTAINER (plain text,
/// streamed while following), /exec/NS/POD/CONTAINER and /attach/NS/POD/CONTAINER (channel.k8s.io WebSockets) and
/// /portForward/NS/POD (a SPDY/3.1 upgrade, or a WebSocket of the older protocol, handed to the runtime). Only the API
/// server calls it.
/// </summary>
public sealed class KubeletServer(Func<PodContainerLookup?> lookup, ILogger logger)
{
    public static readonly TimeSpan LogPollInterval = TimeSpan.FromMilliseconds(100);

    public async Task ContainerLogsAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (ns, pod, container) = Route(context);
        var response = context.Response;
        try
        {
            Authorize(context, "get");
            var query = ContainerLogQuery.Parse(context.Request.Query);
            var (path, containerId) = await Lookup().LogSourceAsync(ns, pod, container, query.Previous, context.RequestAborted);
            response.StatusCode = 200;
            response.ContentType = "text/plain";
            await response.StartAsync(context.RequestAborted);
            using var running = query.Follow ? new ContainerRunningWatch(Lookup().Runtime, containerId, LogPollInterval) : null;
            await LogFileReader.CopyAsync(path, query, response.Body, () => running?.Running == true, LogPollInterval, context.RequestAborted);
        }
        catch (KubeletRequestException ex) when (!response.HasStarted)
        {
            await RefuseAsync(response, ex);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (IOException ex) when (response.HasStarted)
        {
            logger.LogWarning("logs of {Ns}/{Pod}/{Container} ended early: {Reason}", ns, pod, container, ex.Message);
        }
    }

    public Task ExecAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RemoteCommandAsync(context, "exec", "error executing command in container", async (lookup, ns, pod, container, ct) =>
        {
            var query = ExecQuery.Parse(context.Request.Query);
            var containerId = await lookup.RunningContainerAsync(ns, pod, container, ct);
            return new RemoteCommand(query.Streams, $"exec [{string.Join(' ', query.Command)}]",
                token => lookup.Runtime.ExecUrlAsync(containerId, query.Command, query.Streams, token));
        });
    }

    /// <summary>/attach/NS/POD/CONTAINER: the container's own stdio, with the terminal its spec gave it.</summary>
    public Task AttachAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RemoteCommandAsync(context, "attach", "error attaching to container", async (lookup, ns, pod, container, ct) =>
        {
            var query = AttachQuery.Parse(context.Request.Query);
            var containerId = await lookup.RunningContainerAsync(ns, pod, container, ct);
            var streams = query.Streams(lookup.ContainerTty(ns, pod, container));
            return new RemoteCommand(streams, "attach", token => lookup.Runtime.AttachUrlAsync(containerId, streams, token));
        });
    }

    /// <summary>
    /// /portForward/NS/POD: a SPDY/3.1 upgrade (portforward.k8s.io) proxied to the runtime's streaming server for the
    /// pod's sandbox (see <see cref="PortForwardTunnel"/>), or a WebSocket of the older port-forward protocol handed to it
    /// likewise (see <see cref="PortForwardWebSocket"/>).
    /// </summary>
    public async Task PortForwardAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var values = context.Request.RouteValues;
        var (ns, pod) = ((string)values["ns"]!, (string)values["pod"]!);
        Stream? runtime = null;
        try
        {
            Authorize(context, "create");
            var lookup = Lookup();
            var sandboxId = await lookup.ReadySandboxAsync(ns, pod, context.RequestAborted);
            if (context.WebSockets.IsWebSocketRequest)
            {
                await PortForwardOverWebSocketAsync(context, lookup, sandboxId, ns, pod);
                return;
            }
            var upgrade = context.Features.Get<IHttpUpgradeFeature>();
            if (upgrade is not { IsUpgradableRequest: true } || !PortForwardTunnel.IsSpdyUpgrade(context.Request))
            {
                throw KubeletRequestException.BadRequest("unable to upgrade: missing upgrade headers in request");
            }
            // The ports travel in each stream's headers; the runtime does not need them up front.
            var url = await lookup.Runtime.PortForwardUrlAsync(sandboxId, [], context.RequestAborted);
            (runtime, var protocol, var afterHead) = await DialRuntimeAsync(url, PortForwardTunnel.OfferedProtocols(context.Request), context.RequestAborted);
            context.Response.Headers.Upgrade = SpdyUpgrade.UpgradeToken;
            if (protocol.Length > 0)
            {
                context.Response.Headers[SpdyUpgrade.ProtocolHeader] = protocol;
            }
            var client = await upgrade.UpgradeAsync();
            if (afterHead.Length > 0)
            {
                await client.WriteAsync(afterHead, context.RequestAborted);
                await client.FlushAsync(context.RequestAborted);
            }
            logger.LogInformation("port-forward to {Ns}/{Pod}: started ({Protocol})", ns, pod, protocol);
            await ByteRelay.RunAsync(client, runtime, context.RequestAborted);
            logger.LogInformation("port-forward to {Ns}/{Pod}: ended", ns, pod);
        }
        catch (KubeletRequestException ex) when (!context.Response.HasStarted)
        {
            await RefuseAsync(context.Response, ex);
        }
        catch (ChaosLab.Cri.CriException ex) when (!context.Response.HasStarted)
        {
            await RefuseAsync(context.Response, new KubeletRequestException(500, $"error forwarding port: {ex.Message}"));
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            logger.LogDebug("port-forward to {Ns}/{Pod}: connection lost: {Reason}", ns, pod, ex.Message);
        }
        finally
        {
            if (runtime is not null)
            {
                await runtime.DisposeAsync();
            }
        }
    }

    /// <summary>The older WebSocket port-forward (<see cref="PortForwardWebSocket"/>): ports and subprotocol checked before anything is dialled.</summary>
    private async Task PortForwardOverWebSocketAsync(HttpContext context, PodContainerLookup lookup, string sandboxId, string ns, string pod)
    {
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var protocol = PortForwardWebSocket.Negotiate(requested)
            ?? throw KubeletRequestException.BadRequest(
                $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(' ', requested)}], server accepts [{PortForwardWebSocket.V4}]");
        var ports = PortForwardWebSocket.Ports(context.Request.Query);
        var url = await lookup.Runtime.PortForwardUrlAsync(sandboxId, ports, context.RequestAborted);
        logger.LogInformation("port-forward to {Ns}/{Pod}: WebSocket for port(s) {Ports} ({Protocol})", ns, pod, string.Join(',', ports),
            protocol.Length == 0 ? "no subprotocol" : protocol);
        await PortForwardWebSocket.RunAsync(context, url, protocol, context.RequestAborted);
    }

    /// <summary>The runtime's upgrade; its refusal becomes the kubelet's answer with the runtime's code, as upstream's proxy passes it through.</summary>
    private static async Task<(Stream Connection, string Protocol, byte[] AfterHead)> DialRuntimeAsync(Uri url, IReadOnlyList<string> protocols, CancellationToken ct)
    {
        try
        {
            return await PortForwardTunnel.DialRuntimeAsync(url, protocols, ct);
        }
        catch (SpdyUpgradeException ex)
        {
            throw new KubeletRequestException(ex.StatusCode is >= 400 and < 600 ? ex.StatusCode : 500, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new KubeletRequestException(500, $"error forwarding port: the container runtime's streaming server: {ex.Message}");
        }
    }

    /// <summary>What an exec or attach asks of the runtime: its streams, a name for the log, and how to get the streaming URL.</summary>
    private sealed record RemoteCommand(StreamSelection Streams, string Description, Func<CancellationToken, Task<Uri>> Url);

    /// <summary>
    /// Exec and attach alike: authorize, let <paramref name="prepare"/> check the request and find the container,
    /// upgrade to a channel.k8s.io WebSocket (any of <see cref="RemoteCommandProtocols"/>), and bridge it to the runtime's streaming URL.
    /// </summary>
    private async Task RemoteCommandAsync(HttpContext context, string verb, string failure,
        Func<PodContainerLookup, string, string, string, CancellationToken, Task<RemoteCommand>> prepare)
    {
        var (ns, pod, container) = Route(context);
        try
        {
            Authorize(context, "create");
            var command = await prepare(Lookup(), ns, pod, container, context.RequestAborted);
            if (!context.WebSockets.IsWebSocketRequest)
            {
                throw KubeletRequestException.BadRequest("Upgrade request required");
            }
            var protocol = RemoteCommandProtocols.Negotiate(context.WebSockets.WebSocketRequestedProtocols)
                ?? throw KubeletRequestException.BadRequest(
                    $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(' ', context.WebSockets.WebSocketRequestedProtocols)}], server accepts [{string.Join(' ', RemoteCommandProtocols.Supported)}]");
            var url = await command.Url(context.RequestAborted);
            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                SubProtocol = protocol == RemoteCommandProtocols.Unnamed ? null : protocol,
            });
            using var bridge = new RemoteCommandBridge(socket, command.Streams, protocol, logger);
            var code = await bridge.RunAsync(url, context.RequestAborted);
            logger.LogInformation("{Description} in {Ns}/{Pod}/{Container}: {Outcome}", command.Description, ns, pod, container,
                code is { } c ? $"exit code {c}" : "ended early");
        }
        catch (KubeletRequestException ex) when (!context.Response.HasStarted)
        {
            await RefuseAsync(context.Response, ex);
        }
        catch (ChaosLab.Cri.CriException ex) when (!context.Response.HasStarted)
        {
            await RefuseAsync(context.Response, new KubeletRequestException(500, $"{failure}: {ex.Message}"));
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            logger.LogDebug("{Verb} in {Ns}/{Pod}/{Container}: connection lost: {Reason}", verb, ns, pod, container, ex.Message);
        }
    }

    private static void Authorize(HttpContext context, string verb)
    {
        var certificate = context.Connection.ClientCertificate;
        if (!KubeletAuthorizer.Allowed(certificate))
        {
            throw new KubeletRequestException(403, KubeletAuthorizer.Refusal(certificate, verb));
        }
    }

    private PodContainerLookup Lookup() => lookup() ?? throw new KubeletRequestException(503, "the kubelet is starting: its pods are not synced yet");

    private static (string Ns, string Pod, string Container) Route(HttpContext context)
    {
        var values = context.Request.RouteValues;
        return ((string)values["ns"]!, (string)values["pod"]!, (string)values["container"]!);
    }

    private static async Task RefuseAsync(HttpResponse response, KubeletRequestException ex)
    {
        response.StatusCode = ex.StatusCode;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(ex.Message);
    }
}
