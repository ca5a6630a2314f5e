using System.Net.WebSockets;
using ChaosLab.Client.Streaming;

namespace ChaosLab.Kubelet.Server;

/// <summary>Relays messages both ways between two WebSockets, passing a close on, until both directions end or one side breaks.</summary>
public static class WebSocketMessageRelay
{
    public static async Task RunAsync(WebSocket client, WebSocket backend, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(backend);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var toBackend = WebSocketMessages.CopyAsync(client, backend, done.Token);
        var toClient = WebSocketMessages.CopyAsync(backend, client, done.Token);
        var first = await Task.WhenAny(toBackend, toClient);
        if (!await first)
        {
            // One side broke: the other has nothing more to say.
            await done.CancelAsync();
        }
        // The other direction ends when its side answers the close that was passed on.
        await Task.WhenAny(Task.WhenAll(toBackend, toClient), Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        client.Abort();
        backend.Abort();
    }
}
