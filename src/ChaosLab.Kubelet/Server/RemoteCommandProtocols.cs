using System.Text.Json.Nodes;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// The WebSocket subprotocols exec speaks: v5 (v4 plus the close signal on channel 255), v4 (a JSON Status on the
/// error channel) and channel.k8s.io (the failure's message as text there, nothing on success). As upstream's kubelet,
/// a request naming no subprotocol is served channel.k8s.io and answered without one. kubectl 1.30+ asks for v5 only.
/// </summary>
public static class RemoteCommandProtocols
{
    public const string V5 = "v5.channel.k8s.io";
    public const string V4 = "v4.channel.k8s.io";
    public const string V1 = "channel.k8s.io";

    /// <summary>What <see cref="Negotiate"/> answers for a request that names no subprotocol.</summary>
    public const string Unnamed = "";

    public static IReadOnlyList<string> Supported { get; } = [V5, V4, V1];

    /// <summary>The first protocol in the client's order that this side speaks, <see cref="Unnamed"/> when the client names none, or null.</summary>
    public static string? Negotiate(IEnumerable<string> requested)
    {
        var named = (requested ?? []).SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        return named.Count == 0 ? Unnamed : named.FirstOrDefault(p => Supported.Contains(p, StringComparer.Ordinal));
    }

    public static bool StatusOnErrorChannel(string protocol) => protocol is V5 or V4;

    /// <summary>
    /// What channel.k8s.io writes on the error channel for the Status <paramref name="statusJson"/>: its message when it
    /// failed, nothing (null) when it succeeded.
    /// </summary>
    public static string? PlainError(string statusJson)
    {
        JsonNode? status = null;
        try
        {
            status = JsonNode.Parse(statusJson);
        }
        catch (System.Text.Json.JsonException)
        {
            return statusJson;
        }
        if ((string?)status?["status"] == "Success")
        {
            return null;
        }
        return status?["message"] is JsonValue message && message.TryGetValue<string>(out var text) ? text : statusJson;
    }
}
