using System.Net.WebSockets;
using ChaosLab.Client.Streaming;

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
        var toBackend = WebSocketMessages.CopyAsync(client, backend, ct);
        var toClient = WebSocketMessages.CopyAsync(backend, client, ct);
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
