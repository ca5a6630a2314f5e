using System.Net.Sockets;

namespace ChaosLab.Cri.Streaming.Spdy;

/// <summary>How a <see cref="SpdyConnection"/> reaches the streaming server and how long it waits.</summary>
public sealed record SpdyConnectionOptions
{
    /// <summary>From connecting until the 101 answer has been read.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a new stream may wait for its SYN_REPLY; client-go's createStreamResponseTimeout.</summary>
    public TimeSpan StreamReplyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>DATA frames buffered per stream before the connection stops reading from the socket.</summary>
    public int StreamBufferFrames { get; init; } = 16;

    /// <summary>
    /// Opens the byte stream to the URL's host and port. Null: a TCP connection (no Nagle delay). Tests
    /// replace it to reach a server in another network namespace or to run over an in-memory pipe.
    /// </summary>
    public Func<Uri, CancellationToken, ValueTask<Stream>>? Connect { get; init; }

    public void Validate()
    {
        if (HandshakeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HandshakeTimeout), HandshakeTimeout, "must be positive");
        }
        if (StreamReplyTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StreamReplyTimeout), StreamReplyTimeout, "must be positive");
        }
        if (StreamBufferFrames < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(StreamBufferFrames), StreamBufferFrames, "must be at least 1");
        }
    }

    /// <summary>The default <see cref="Connect"/>: TCP to the URL's host and port.</summary>
    public static async ValueTask<Stream> ConnectTcpAsync(Uri url, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(url.Host, url.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
