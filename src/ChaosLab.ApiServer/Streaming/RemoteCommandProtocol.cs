namespace ChaosLab.ApiServer.Streaming;

/// <summary>
/// The WebSocket subprotocol of one exec or attach, negotiated as upstream's kubelet negotiates it (upstream's API server
/// hands the upgrade through): the client's first of v5.channel.k8s.io, v4.channel.k8s.io and channel.k8s.io. A
/// request that names no subprotocol (the official C# client's plain exec) is served channel.k8s.io and answered
/// without one, as the kubelet's wsstream does for its "" protocol. Only v4 and v5 put a JSON Status on the error channel;
/// channel.k8s.io puts the failure's message there as text, and nothing on success.
/// </summary>
public sealed record RemoteCommandProtocol(string Name, bool Named)
{
    public const string V5 = "v5.channel.k8s.io";
    public const string V4 = "v4.channel.k8s.io";
    public const string V1 = "channel.k8s.io";

    public static IReadOnlyList<string> Supported { get; } = [V5, V4, V1];

    /// <summary>The subprotocol to answer with and to ask the kubelet for: none when the client named none.</summary>
    public string? SubProtocol => Named ? Name : null;

    public bool StatusOnErrorChannel => Name is V5 or V4;

    /// <summary>The protocol to serve, or null when the client names only protocols this server does not speak.</summary>
    public static RemoteCommandProtocol? Negotiate(IEnumerable<string> requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var named = requested.SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (named.Count == 0)
        {
            return new RemoteCommandProtocol(V1, Named: false);
        }
        return named.FirstOrDefault(p => Supported.Contains(p, StringComparer.Ordinal)) is { } chosen ? new RemoteCommandProtocol(chosen, Named: true) : null;
    }
}
