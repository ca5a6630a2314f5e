using System.Net.WebSockets;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>
/// Copies a port-forward's SPDY bytes between the client and the kubelet's upgraded connection until either side ends
/// or fails, then closes both: the SPDY framing inside says when each forwarded connection ends. The client's side is
/// either its own upgraded connection or, for a tunneling client, a WebSocket whose binary messages carry the bytes.
/// </summary>
public static class UpgradedStreamRelay
{
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(Stream client, Stream backend, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(backend);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var toBackend = CopyAsync(client, backend, done.Token);
        var toClient = CopyAsync(backend, client, done.Token);
        await Task.WhenAny(toBackend, toClient);
        await done.CancelAsync();
        await backend.DisposeAsync();
        await client.DisposeAsync();
        await Task.WhenAll(toBackend, toClient);
    }

    public static async Task RunAsync(WebSocket client, Stream backend, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(backend);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var toBackend = FromWebSocketAsync(client, backend, done.Token);
        var toClient = ToWebSocketAsync(backend, client, done.Token);
        if (await Task.WhenAny(toBackend, toClient) == toClient)
        {
            // The kubelet ended: toClient sent the close; give the client a moment to answer it.
            await Task.WhenAny(toBackend, Task.Delay(CloseWait, CancellationToken.None));
        }
        await done.CancelAsync();
        await backend.DisposeAsync();
        client.Abort();
        await Task.WhenAll(toBackend, toClient);
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, ct)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), ct);
                await to.FlushAsync(ct);
            }
        }
        catch (Exception ex) when (IsConnectionEnd(ex))
        {
        }
    }

    /// <summary>The client's binary messages, unwrapped into the byte stream; ends at its close.</summary>
    private static async Task FromWebSocketAsync(WebSocket from, Stream to, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var result = await from.ReceiveAsync(buffer.AsMemory(), ct);
                if (result.MessageType != WebSocketMessageType.Binary)
                {
                    // A close, or a text message, which the tunnel never carries.
                    return;
                }
                await to.WriteAsync(buffer.AsMemory(0, result.Count), ct);
                await to.FlushAsync(ct);
            }
        }
        catch (Exception ex) when (IsConnectionEnd(ex))
        {
        }
    }

    /// <summary>The kubelet's bytes as binary messages, as they arrive; at their end a normal close, which the client reads as EOF.</summary>
    private static async Task ToWebSocketAsync(Stream from, WebSocket to, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, ct)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), WebSocketMessageType.Binary, endOfMessage: true, ct);
            }
            if (to.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await to.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
            }
        }
        catch (Exception ex) when (IsConnectionEnd(ex))
        {
        }
    }

    private static bool IsConnectionEnd(Exception ex) =>
        ex is IOException or OperationCanceledException or ObjectDisposedException or WebSocketException or InvalidOperationException;
}
