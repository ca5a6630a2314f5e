namespace ChaosLab.Kubelet.Server;

/// <summary>
/// Copies bytes both ways between two upgraded connections until either side ends or fails, then closes both. A
/// port-forward's SPDY framing says when each forwarded connection ends; the end of the connection itself ends all.
/// </summary>
public static class ByteRelay
{
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

    /// <summary>Copies until the end of <paramref name="from"/>, a failure on either side, or cancellation; never throws.</summary>
    public static async Task CopyAsync(Stream from, Stream to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
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
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }
}
