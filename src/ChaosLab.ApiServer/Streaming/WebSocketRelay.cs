using System.Net.WebSockets;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>
/// Relays an exec, attach or WebSocket port-forward between the client's WebSocket and the kubelet's, message for message
/// (the channel protocol passes through untouched), and passes a close on in each direction. If the kubelet's side
/// breaks, the client is sent <c>backendLost</c> when there is one (an exec's error-channel report); if the client's
/// side breaks, the kubelet's connection is dropped, which stops the command.
/// </summary>
public static class WebSocketRelay
{
    public static async Task RunAsync(WebSocket client, WebSocket backend, byte[]? backendLost, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(backend);
        var toBackend = CopyAsync(client, backend, ct);
        var toClient = CopyAsync(backend, client, ct);
        var first = await Task.WhenAny(toBackend, toClient);
        if (first == toBackend && !await toBackend)
        {
            backend.Abort();
        }
        else if (first == toClient && !await toClient)
        {
            if (backendLost is not null)
            {
                await SendQuietlyAsync(client, backendLost, ct);
            }
            await CloseQuietlyAsync(client, ct);
            client.Abort();
        }
        // The other direction ends when its side sees the close that was just passed on.
        await Task.WhenAny(Task.WhenAll(toBackend, toClient), Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
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

    private static async Task SendQuietlyAsync(WebSocket socket, byte[] message, CancellationToken ct)
    {
        try
        {
            await socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, ct);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }
    }

    private static async Task CloseQuietlyAsync(WebSocket socket, CancellationToken ct)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }
    }
}
