using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace ChaosLab.Cri.Streaming.Spdy;

/// <summary>How the peer's side of a stream ended.</summary>
public enum SpdyStreamEnd
{
    /// <summary>Still open: more data may come.</summary>
    Open,

    /// <summary>The peer half-closed it (FIN): everything it sent has been delivered.</summary>
    Fin,

    /// <summary>The peer reset it (RST_STREAM). containerd's streaming server resets every stream when a command ends.</summary>
    Reset,

    /// <summary>The connection ended (closed or failed) while the stream was open.</summary>
    ConnectionClosed,
}

/// <summary>
/// One stream of a <see cref="SpdyConnection"/> that we opened. Reading returns what the peer sent, in order,
/// until the peer half-closes or resets it (then 0); writing sends DATA frames; <see cref="CloseWriteAsync"/>
/// half-closes our side (an empty DATA frame with FIN), which is how a remote command's stdin sees EOF.
/// The peer's data is buffered for up to <see cref="SpdyConnectionOptions.StreamBufferFrames"/> frames;
/// beyond that the connection stops reading and TCP holds the sender back (spdystream, on the other end,
/// does no SPDY flow control either).
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "SPDY's own word for it; it is not a System.IO.Stream.")]
public sealed class SpdyStream
{
    /// <summary>The largest DATA frame we send. Smaller frames keep one busy stream from holding the connection's write lock long.</summary>
    public const int MaxDataFrame = 32 * 1024;

    private readonly SpdyConnection _connection;
    private readonly Channel<byte[]> _incoming;
    private readonly TaskCompletionSource _replied = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ReadOnlyMemory<byte> _pending;
    private int _localClosed;
    private int _remoteEnd;

    internal SpdyStream(SpdyConnection connection, uint id, IReadOnlyList<KeyValuePair<string, string>> headers, int bufferFrames)
    {
        _connection = connection;
        Id = id;
        Headers = headers;
        _incoming = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(bufferFrames)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public uint Id { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>How the peer's side ended; <see cref="SpdyStreamEnd.Open"/> while it can still send.</summary>
    public SpdyStreamEnd RemoteEnd => (SpdyStreamEnd)Volatile.Read(ref _remoteEnd);

    /// <summary>The status of the peer's RST_STREAM, when it reset the stream.</summary>
    public SpdyResetStatus? ResetStatus { get; private set; }

    /// <summary>True once we sent FIN or RST_STREAM: nothing more can be written.</summary>
    public bool IsLocalClosed => Volatile.Read(ref _localClosed) != 0;

    /// <summary>Completes when the peer answered SYN_REPLY; fails when it reset the stream first or the connection ended.</summary>
    public Task Replied => _replied.Task;

    /// <summary>Waits for the peer's SYN_REPLY (client-go waits 30 s for each stream it creates).</summary>
    public async Task WaitForReplyAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        try
        {
            await _replied.Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"SPDY stream {Id} ({Describe()}) got no reply within {timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Reads what the peer sent; 0 once it half-closed or reset the stream, or the connection closed.</summary>
    /// <exception cref="IOException">The connection failed while the stream was open.</exception>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        while (_pending.IsEmpty)
        {
            if (!await _incoming.Reader.WaitToReadAsync(ct))
            {
                return 0;
            }
            if (_incoming.Reader.TryRead(out var chunk))
            {
                _pending = chunk;
            }
        }
        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    /// <summary>Everything the peer sends until its side ends.</summary>
    public async Task<byte[]> ReadToEndAsync(CancellationToken ct = default)
    {
        using var all = new MemoryStream();
        await CopyToAsync(all, ct);
        return all.ToArray();
    }

    /// <summary>Copies what the peer sends to <paramref name="destination"/>, flushing after each piece (a terminal wants it now).</summary>
    public async Task CopyToAsync(Stream destination, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var buffer = new byte[MaxDataFrame];
        int read;
        while ((read = await ReadAsync(buffer, ct)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), ct);
            await destination.FlushAsync(ct);
        }
    }

    /// <summary>Sends <paramref name="data"/> as DATA frames.</summary>
    /// <exception cref="InvalidOperationException">Our side is already closed.</exception>
    /// <exception cref="IOException">The peer reset the stream, or the connection is gone.</exception>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        while (!data.IsEmpty)
        {
            var chunk = data[..Math.Min(MaxDataFrame, data.Length)];
            ThrowIfNotWritable();
            await _connection.SendAsync(SpdyFrame.Data(Id, chunk.Span, fin: false), ct);
            data = data[chunk.Length..];
        }
    }

    /// <summary>Half-closes our side: an empty DATA frame with FIN. Idempotent; a no-op after a reset.</summary>
    public async ValueTask CloseWriteAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _localClosed, 1) != 0 || RemoteEnd == SpdyStreamEnd.Reset)
        {
            return;
        }
        await _connection.SendAsync(SpdyFrame.Data(Id, [], fin: true), ct);
        _connection.ForgetIfDone(this);
    }

    /// <summary>
    /// Tears the stream down both ways (RST_STREAM) unless both sides have ended already. What the peer sent
    /// and was not read yet stays readable. Best effort: a connection that is gone is not an error here.
    /// </summary>
    public async ValueTask ResetAsync(SpdyResetStatus status = SpdyResetStatus.Cancel)
    {
        var wasDone = IsDone;
        Interlocked.Exchange(ref _localClosed, 1);
        EndRemote(SpdyStreamEnd.Reset, null);
        _connection.Forget(this);
        if (wasDone)
        {
            return;
        }
        try
        {
            await _connection.SendAsync(SpdyFrame.RstStream(Id, status), CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    internal bool IsDone => IsLocalClosed && RemoteEnd != SpdyStreamEnd.Open;

    internal void OnReply(bool fin)
    {
        _replied.TrySetResult();
        if (fin)
        {
            EndRemote(SpdyStreamEnd.Fin, null);
        }
    }

    internal async ValueTask OnDataAsync(byte[] payload, bool fin, CancellationToken ct)
    {
        // Data before SYN_REPLY is a protocol slip spdystream would drop; the reply is implied here.
        _replied.TrySetResult();
        if (payload.Length > 0)
        {
            try
            {
                await _incoming.Writer.WriteAsync(payload, ct);
            }
            catch (ChannelClosedException)
            {
                // We reset the stream ourselves; the peer's data in flight is dropped.
            }
        }
        if (fin)
        {
            EndRemote(SpdyStreamEnd.Fin, null);
        }
    }

    internal void OnReset(SpdyResetStatus status)
    {
        ResetStatus = status;
        Interlocked.Exchange(ref _localClosed, 1);
        _replied.TrySetException(new IOException($"SPDY stream {Id} ({Describe()}) was refused by the peer: {status}"));
        EndRemote(SpdyStreamEnd.Reset, null);
    }

    internal void OnConnectionClosed(Exception? failure)
    {
        Interlocked.Exchange(ref _localClosed, 1);
        _replied.TrySetException(new IOException($"the SPDY connection closed before stream {Id} ({Describe()}) was answered", failure));
        EndRemote(SpdyStreamEnd.ConnectionClosed, failure is null ? null : new IOException($"the SPDY connection failed: {failure.Message}", failure));
    }

    /// <summary>The stream's headers as "name=value" pairs, for messages.</summary>
    public string Describe() => string.Join(", ", Headers.Select(h => $"{h.Key}={h.Value}"));

    private void EndRemote(SpdyStreamEnd how, Exception? failure)
    {
        // The read loop (FIN, RST, close) and a local reset may race: the first one tells how it ended.
        if (Interlocked.CompareExchange(ref _remoteEnd, (int)how, (int)SpdyStreamEnd.Open) != (int)SpdyStreamEnd.Open)
        {
            return;
        }
        // Data already buffered stays readable; the reader then sees the end (or the failure).
        _incoming.Writer.TryComplete(failure);
    }

    private void ThrowIfNotWritable()
    {
        if (RemoteEnd is SpdyStreamEnd.Reset)
        {
            throw new IOException(ResetStatus is { } status
                ? $"SPDY stream {Id} ({Describe()}) was reset by the peer ({status})"
                : $"SPDY stream {Id} ({Describe()}) was reset");
        }
        if (RemoteEnd is SpdyStreamEnd.ConnectionClosed)
        {
            throw new IOException($"the SPDY connection of stream {Id} ({Describe()}) is closed");
        }
        if (IsLocalClosed)
        {
            throw new InvalidOperationException($"SPDY stream {Id} ({Describe()}) is already closed for writing");
        }
    }
}
