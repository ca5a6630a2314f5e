using System.Globalization;
using System.Text;
using System.Text.Json;
using ChaosLab.Cri.Streaming.Spdy;

namespace ChaosLab.Cri.Streaming;

/// <summary>
/// One forwarded connection: the data stream (bytes to and from the pod's port) and what the server wrote on
/// the error stream, which completes when the server is done with this connection (empty when all went well).
/// </summary>
public sealed record PortForwardChannel(int Port, string RequestId, SpdyStream Data, Task<string> Error);

/// <summary>
/// The client side of Kubernetes' port-forward protocol (portforward.k8s.io) over one SPDY/3.1 connection to
/// a URL from CRI PortForward. Each forwarded TCP connection is a pair of streams sharing a requestID header:
/// an error stream (we half-close it at once: only the server writes there) and a data stream. Many pairs
/// can share the connection.
/// <para>containerd's side copies both ways between the data stream and a TCP connection to the port in the
/// pod's network namespace; when one direction ends it gives the other one second, then closes both
/// streams. It does not pass our half-close on to the pod as a TCP half-close.</para>
/// </summary>
public sealed class PortForwardClient : IAsyncDisposable
{
    private readonly SpdyConnection _connection;
    private int _nextRequestId;

    private PortForwardClient(SpdyConnection connection) => _connection = connection;

    /// <summary>Completes when the server has closed the connection.</summary>
    public Task Completion => _connection.Completion;

    public static async Task<PortForwardClient> ConnectAsync(Uri url, SpdyConnectionOptions? options = null, CancellationToken ct = default)
    {
        var connection = await SpdyConnection.ConnectAsync(url, [StreamHeaders.PortForwardV1], options, ct);
        return new PortForwardClient(connection);
    }

    /// <summary>Opens the stream pair for one connection to <paramref name="port"/> and waits until the server took both.</summary>
    public async Task<PortForwardChannel> OpenAsync(int port, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, ushort.MaxValue);
        var requestId = (Interlocked.Increment(ref _nextRequestId) - 1).ToString(CultureInfo.InvariantCulture);
        var portText = port.ToString(CultureInfo.InvariantCulture);
        var error = await _connection.OpenStreamAsync(Headers(StreamHeaders.TypeError, portText, requestId), ct);
        var data = await _connection.OpenStreamAsync(Headers(StreamHeaders.TypeData, portText, requestId), ct);
        var replyTimeout = _connection.Options.StreamReplyTimeout;
        await Task.WhenAll(error.WaitForReplyAsync(replyTimeout, ct), data.WaitForReplyAsync(replyTimeout, ct));
        try
        {
            await error.CloseWriteAsync(ct);
        }
        catch (IOException)
        {
            // The server may report a failure and close the connection before our half-close goes out; what it
            // wrote on the error stream is still there to read.
        }
        return new PortForwardChannel(port, requestId, data, ReadErrorAsync(error));
    }

    /// <summary>
    /// Forwards one connection: <paramref name="local"/>'s bytes to the pod's port until <paramref name="local"/>
    /// ends (then our side of the data stream is half-closed), and the port's bytes to <paramref name="local"/>
    /// until the server ends the data stream; returns then. The caller closes <paramref name="local"/>.
    /// </summary>
    /// <exception cref="PortForwardException">The server reported an error (e.g. nothing listens on the port).</exception>
    public async Task ForwardAsync(int port, Stream local, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(local);
        var channel = await OpenAsync(port, ct);
        using var upstream = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _ = PumpAsync(local, channel.Data, upstream.Token);
        try
        {
            await channel.Data.CopyToAsync(local, ct);
            // The server writes the error before it closes the streams, so it is complete by now.
            var error = await channel.Error.WaitAsync(ct);
            if (error.Length > 0)
            {
                throw new PortForwardException(port, error);
            }
        }
        finally
        {
            await upstream.CancelAsync();
            await channel.Data.ResetAsync();
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static IReadOnlyList<KeyValuePair<string, string>> Headers(string type, string port, string requestId) =>
    [
        new(StreamHeaders.StreamType, type),
        new(StreamHeaders.Port, port),
        new(StreamHeaders.RequestId, requestId),
    ];

    /// <summary>
    /// The error stream's text. containerd 1.6 writes a plain message; newer kubelets write
    /// {"closeConnection":…,"message":…}: the message is taken from either.
    /// </summary>
    private static async Task<string> ReadErrorAsync(SpdyStream error)
    {
        var text = Encoding.UTF8.GetString(await error.ReadToEndAsync()).Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(text);
                if (json.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString() ?? text;
                }
            }
            catch (JsonException)
            {
            }
        }
        return text;
    }

    private static async Task PumpAsync(Stream source, SpdyStream data, CancellationToken ct)
    {
        var buffer = new byte[SpdyStream.MaxDataFrame];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                await data.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            await data.CloseWriteAsync(ct);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The server ended the stream, or the caller's side failed: either way this direction is over.
        }
    }
}

/// <summary>The streaming server could not forward a connection to a pod's port.</summary>
public sealed class PortForwardException : Exception
{
    public PortForwardException(int port, string message)
        : base($"port-forward to port {port}: {message}")
    {
        Port = port;
    }

    public PortForwardException()
    {
    }

    public PortForwardException(string message)
        : base(message)
    {
    }

    public PortForwardException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Port { get; }
}
