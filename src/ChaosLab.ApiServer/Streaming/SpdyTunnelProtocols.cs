namespace ChaosLab.ApiServer.Streaming;

/// <summary>
/// How kubectl (1.31+) names SPDY protocols when it tunnels SPDY through a WebSocket: the WebSocket subprotocol is the
/// SPDY protocol prefixed with "SPDY/3.1+" (SPDY/3.1+portforward.k8s.io). Upstream's tunneling handler takes those
/// ending in ".k8s.io", strips the prefix to offer them to the kubelet, and answers with the kubelet's choice prefixed.
/// </summary>
public static class SpdyTunnelProtocols
{
    public const string Prefix = "SPDY/3.1+";
    public const string UpgradeToken = "SPDY/3.1";
    public const string ProtocolHeader = "X-Stream-Protocol-Version";

    /// <summary>The SPDY protocols a tunneling client offers, in its order; empty when it offers none.</summary>
    public static IReadOnlyList<string> FromWebSocket(IEnumerable<string> subprotocols) =>
        [.. (subprotocols ?? []).SelectMany(Split)
            .Where(p => p.StartsWith(Prefix, StringComparison.Ordinal) && p.EndsWith(".k8s.io", StringComparison.Ordinal))
            .Select(p => p[Prefix.Length..])];

    /// <summary>The WebSocket subprotocol that answers for the kubelet's chosen SPDY protocol; null when it chose none.</summary>
    public static string? ToWebSocket(string spdyProtocol) => string.IsNullOrEmpty(spdyProtocol) ? null : Prefix + spdyProtocol;

    /// <summary>Header values split on commas, for headers that may be repeated or joined.</summary>
    public static IEnumerable<string> Split(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
