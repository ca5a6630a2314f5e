namespace ChaosLab.Kubelet.Server;

/// <summary>
/// The WebSocket subprotocols exec speaks: v5 (v4 plus the close signal on channel 255) and v4 (a JSON Status on the
/// error channel). Earlier versions wrote plain text there; kubectl 1.30+ asks for v5 only.
/// </summary>
public static class RemoteCommandProtocols
{
    public const string V5 = "v5.channel.k8s.io";
    public const string V4 = "v4.channel.k8s.io";

    public static IReadOnlyList<string> Supported { get; } = [V5, V4];

    /// <summary>The first protocol in the client's order that this side speaks, or null.</summary>
    public static string? Negotiate(IEnumerable<string> requested) =>
        requested?.SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .FirstOrDefault(p => Supported.Contains(p, StringComparer.Ordinal));
}
