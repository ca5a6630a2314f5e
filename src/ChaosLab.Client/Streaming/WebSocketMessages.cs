using System.Net.WebSockets;

namespace ChaosLab.Client.Streaming;

/// <summary>One direction of a WebSocket relay, shared by the API server's and the kubelet's.</summary>
public static class WebSocketMessages
{
    /// <summary>Copies messages from one socket to the other until a close (passed on: true) or a broken connection (false).</summary>
    public static async Task<bool> CopyAsync(WebSocket from, WebSocket to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
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
