using System.Net.WebSockets;

namespace ChaosLab.Kubelet.Server;

/// <summary>Relays messages both ways between two WebSockets, passing a close on, until both directions end or one side breaks.</summary>
public static class WebSocketMessageRelay
{
    public static async Task RunAsync(WebSocket client, WebSocket backend, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(backend);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var toBackend = CopyAsync(client, backend, done.Token);
        var toClient = CopyAsync(backend, client, done.Token);
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

    /// <summary>Copies until a close (passed on: true) or a broken connection (false).</summary>
    private static async Task<bool> CopyAsync(WebSocket from, WebSocket to, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var result = await from.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (to.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await to.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, ct);
                    }
                    return true;
                }
                await to.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, ct);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            return false;
        }
    }
}
