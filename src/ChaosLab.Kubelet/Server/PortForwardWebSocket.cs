using System.Globalization;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// Port-forward over a plain WebSocket, the older protocol (the official C# client speaks it): the ports come in the
/// query, and each port has a data channel (2i) and an error channel (2i+1), every message led by its channel byte.
/// As upstream's kubelet serves a CRI runtime's port-forward, the upgrade is handed to the runtime's streaming server
/// (for the ports asked for), whose port-forward speaks this protocol too, and the messages are relayed unchanged.
/// Subprotocols as upstream's: v4.channel.k8s.io, or none at all.
/// </summary>
public static class PortForwardWebSocket
{
    public const string V4 = "v4.channel.k8s.io";

    /// <summary>What <see cref="Negotiate"/> answers for a request that names no subprotocol.</summary>
    public const string Unnamed = "";

    /// <summary>v4.channel.k8s.io when the client names it, <see cref="Unnamed"/> when it names none, else null.</summary>
    public static string? Negotiate(IEnumerable<string> requested)
    {
        var named = (requested ?? []).SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        return named.Count == 0 ? Unnamed : named.Contains(V4, StringComparer.Ordinal) ? V4 : null;
    }

    /// <summary>The ports of the "port" query parameter (repeated, or comma-separated), checked as upstream's kubelet checks them.</summary>
    /// <exception cref="KubeletRequestException">400: no port, an empty one, or one that is not 1-65535.</exception>
    public static IReadOnlyList<int> Ports(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var values = query["port"];
        if (values.Count == 0)
        {
            throw KubeletRequestException.BadRequest("query parameter \"port\" is required");
        }
        var ports = new List<int>();
        foreach (var value in values)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw KubeletRequestException.BadRequest("query parameter \"port\" cannot be empty");
            }
            foreach (var text in value.Split(','))
            {
                if (!ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                {
                    throw KubeletRequestException.BadRequest($"unable to parse \"{value}\" as a port");
                }
                if (port < 1)
                {
                    throw KubeletRequestException.BadRequest($"port \"{value}\" must be > 0");
                }
                ports.Add(port);
            }
        }
        return ports;
    }

    /// <summary>The runtime's streaming URL as a WebSocket address (http → ws, https → wss).</summary>
    public static Uri WebSocketUrl(Uri runtimeUrl)
    {
        ArgumentNullException.ThrowIfNull(runtimeUrl);
        return new UriBuilder(runtimeUrl) { Scheme = runtimeUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", Port = runtimeUrl.Port }.Uri;
    }

    /// <summary>Dials the runtime (its refusal is the caller's to report before any upgrade), then accepts the client and relays until either side ends.</summary>
    public static async Task RunAsync(HttpContext context, Uri runtimeUrl, string protocol, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var runtime = new ClientWebSocket();
        if (protocol != Unnamed)
        {
            runtime.Options.AddSubProtocol(protocol);
        }
        runtime.Options.CollectHttpResponseDetails = true;
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connect.CancelAfter(TimeSpan.FromSeconds(10));
            await runtime.ConnectAsync(WebSocketUrl(runtimeUrl), connect.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            var code = (int)runtime.HttpStatusCode;
            throw new KubeletRequestException(code is >= 400 and < 600 ? code : 500, $"error forwarding port: the container runtime's streaming server: {ex.Message}");
        }
        using var client = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol == Unnamed ? null : protocol });
        await WebSocketMessageRelay.RunAsync(client, runtime, ct);
    }
}
