using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// The kubelet's API on its server port, under upstream's paths: GET /containerLogs/NS/POD/CONTAINER (plain text,
/// streamed while following) and /exec/NS/POD/CONTAINER (a channel.k8s.io WebSocket). Only the API server calls it.
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

    public async Task ExecAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (ns, pod, container) = Route(context);
        try
        {
            Authorize(context, "create");
            var query = ExecQuery.Parse(context.Request.Query);
            var lookup = Lookup();
            var containerId = await lookup.RunningContainerAsync(ns, pod, container, context.RequestAborted);
            if (!context.WebSockets.IsWebSocketRequest)
            {
                throw KubeletRequestException.BadRequest("Upgrade request required");
            }
            var protocol = RemoteCommandProtocols.Negotiate(context.WebSockets.WebSocketRequestedProtocols)
                ?? throw KubeletRequestException.BadRequest(
                    $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(' ', context.WebSockets.WebSocketRequestedProtocols)}], server accepts [{string.Join(' ', RemoteCommandProtocols.Supported)}]");
            var url = await lookup.Runtime.ExecUrlAsync(containerId, query.Command, ExecBridge.Streams(query), context.RequestAborted);
            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol });
            using var bridge = new ExecBridge(socket, query, logger);
            var code = await bridge.RunAsync(url, context.RequestAborted);
            logger.LogInformation("exec in {Ns}/{Pod}/{Container} [{Command}]: {Outcome}", ns, pod, container, string.Join(' ', query.Command),
                code is { } c ? $"exit code {c}" : "ended early");
        }
        catch (KubeletRequestException ex) when (!context.Response.HasStarted)
        {
            await RefuseAsync(context.Response, ex);
        }
        catch (ChaosLab.Cri.CriException ex) when (!context.Response.HasStarted)
        {
            await RefuseAsync(context.Response, new KubeletRequestException(500, $"error executing command in container: {ex.Message}"));
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            logger.LogDebug("exec in {Ns}/{Pod}/{Container}: connection lost: {Reason}", ns, pod, container, ex.Message);
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
