using ChaosLab.Cri.Streaming.Spdy;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// A port-forward as upstream's kubelet serves one: it does not speak portforward.k8s.io itself but proxies the
/// client's SPDY/3.1 upgrade to the URL from CRI PortForward. The same upgrade (the client's offered protocols) goes to
/// the runtime's streaming server; its 101 and chosen protocol are handed back, and from then on the bytes are copied
/// unchanged, so the client's streams (one data and one error stream per forwarded connection) reach the runtime.
/// </summary>
public static class PortForwardTunnel
{
    /// <summary>Whether the request asks to switch to SPDY/3.1 (Connection: Upgrade and Upgrade: SPDY/3.1).</summary>
    public static bool IsSpdyUpgrade(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var connection = request.Headers.Connection.SelectMany(Split);
        var upgrade = request.Headers.Upgrade.SelectMany(Split);
        return connection.Contains("upgrade", StringComparer.OrdinalIgnoreCase) && upgrade.Contains(SpdyUpgrade.UpgradeToken, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The protocols the client offers, in its order: X-Stream-Protocol-Version headers (one each, or comma-separated).</summary>
    public static IReadOnlyList<string> OfferedProtocols(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return [.. request.Headers[SpdyUpgrade.ProtocolHeader].SelectMany(Split)];
    }

    /// <summary>Connects to the runtime's streaming server and upgrades; the connection, the runtime's chosen protocol and any bytes it sent after its 101.</summary>
    /// <exception cref="SpdyUpgradeException">The runtime refused (403: no common protocol; 404: an unknown or used URL).</exception>
    public static async Task<(Stream Connection, string Protocol, byte[] AfterHead)> DialRuntimeAsync(Uri url, IReadOnlyList<string> protocols, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        var options = new SpdyConnectionOptions();
        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(ct);
        handshake.CancelAfter(options.HandshakeTimeout);
        var connection = await SpdyConnectionOptions.ConnectTcpAsync(url, handshake.Token);
        try
        {
            var (protocol, afterHead) = await SpdyUpgrade.HandshakeAsync(connection, url, protocols, handshake.Token);
            return (connection, protocol, afterHead);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static IEnumerable<string> Split(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
