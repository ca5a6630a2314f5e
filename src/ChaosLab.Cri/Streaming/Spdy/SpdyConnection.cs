using System.Collections.Concurrent;

namespace ChaosLab.Cri.Streaming.Spdy;

/// <summary>
/// The client end of a SPDY/3.1 connection to a Kubernetes-style streaming server (containerd's CRI
/// streaming server, which runs moby/spdystream). It upgrades an HTTP/1.1 connection, then opens streams
/// (odd ids, ours) and moves DATA frames; one background loop reads frames and hands them to the streams.
/// <para>What is deliberately left out, because the server does not need it:</para>
/// <list type="bullet">
/// <item>Decoding header blocks: nothing the server sends in SYN_REPLY (always empty headers) or HEADERS
/// matters here; stream ids and flags sit outside the compressed part, so those frames are read and their
/// blocks skipped, and the server's zlib stream is never inflated.</item>
/// <item>Flow control: spdystream never sends WINDOW_UPDATE and ignores the ones it gets, so honouring
/// SPDY/3's 64 KiB send window would stall stdin after 64 KiB. Neither side counts windows; TCP pushes back
/// instead (see <see cref="SpdyConnectionOptions.StreamBufferFrames"/>).</item>
/// <item>Streams the server opens: it never does in exec, attach or port-forward; any are refused.</item>
/// </list>
/// PINGs are echoed, SETTINGS, WINDOW_UPDATE and HEADERS are ignored, GOAWAY stops new streams.
/// </summary>
public sealed class SpdyConnection : IAsyncDisposable
{
    private readonly Stream _transport;
    private readonly SpdyFrameReader _reader;
    private readonly SpdyConnectionOptions _options;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SpdyHeaderCompressor _compressor = new();
    private readonly ConcurrentDictionary<uint, SpdyStream> _streams = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _readLoop;
    private uint _nextStreamId = 1;
    private volatile bool _goneAway;
    private volatile bool _readEnded;
    private int _disposed;

    private SpdyConnection(Stream transport, string protocol, byte[] afterHandshake, SpdyConnectionOptions options)
    {
        _transport = transport;
        _options = options;
        Protocol = protocol;
        _reader = new SpdyFrameReader(transport, afterHandshake);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>The protocol the server chose among those offered (X-Stream-Protocol-Version).</summary>
    public string Protocol { get; }

    public SpdyConnectionOptions Options => _options;

    /// <summary>Completes when the server has closed the connection, it failed, or it was disposed.</summary>
    public Task Completion => _readLoop;

    /// <summary>Why the connection ended, when it ended by failing rather than by the server closing it.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Connects to <paramref name="url"/>, upgrades to SPDY/3.1 offering <paramref name="protocols"/> (most preferred first).</summary>
    /// <exception cref="SpdyUpgradeException">The server refused the upgrade (expired token: 404; no common protocol: 403).</exception>
    /// <exception cref="TimeoutException">No upgrade answer within <see cref="SpdyConnectionOptions.HandshakeTimeout"/>.</exception>
    public static async Task<SpdyConnection> ConnectAsync(Uri url, IReadOnlyList<string> protocols, SpdyConnectionOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(protocols);
        options ??= new SpdyConnectionOptions();
        options.Validate();
        if (url.Scheme != Uri.UriSchemeHttp)
        {
            // containerd runs its streaming server without TLS on loopback (enable_tls_streaming = false).
            throw new NotSupportedException($"streaming URL {url}: only http:// is supported");
        }

        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(ct);
        handshake.CancelAfter(options.HandshakeTimeout);
        Stream? transport = null;
        try
        {
            transport = await (options.Connect ?? SpdyConnectionOptions.ConnectTcpAsync)(url, handshake.Token);
            var (protocol, afterHead) = await SpdyUpgrade.HandshakeAsync(transport, url, protocols, handshake.Token);
            return new SpdyConnection(transport, protocol, afterHead, options);
        }
        catch (OperationCanceledException) when (handshake.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            await DisposeQuietlyAsync(transport);
            throw new TimeoutException($"no SPDY upgrade from {url} within {options.HandshakeTimeout.TotalSeconds:0.#} s");
        }
        catch
        {
            await DisposeQuietlyAsync(transport);
            throw;
        }
    }

    /// <summary>
    /// Opens a stream: sends SYN_STREAM with <paramref name="headers"/> and returns at once; await
    /// <see cref="SpdyStream.WaitForReplyAsync"/> before relying on it (several streams can be opened first
    /// and their replies awaited together).
    /// </summary>
    /// <exception cref="IOException">The connection is closed, or the server sent GOAWAY.</exception>
    public async Task<SpdyStream> OpenStreamAsync(IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var block = SpdyHeaderBlock.Encode(headers);
        await _writeLock.WaitAsync(ct);
        try
        {
            ThrowIfClosed();
            if (_goneAway)
            {
                throw new IOException("the streaming server sent GOAWAY: no new streams on this connection");
            }
            // Ids are taken and SYN_STREAMs written under one lock: the server requires ids to rise on the wire,
            // and the header compressor's stream must be written in the order it was produced.
            var id = _nextStreamId;
            if (id > 0x7FFF_FFFF)
            {
                throw new IOException("this SPDY connection has used up its stream ids");
            }
            _nextStreamId += 2;
            var stream = new SpdyStream(this, id, headers, _options.StreamBufferFrames);
            _streams[id] = stream;
            await WriteLockedAsync(SpdyFrame.SynStream(id, _compressor.Compress(block), fin: false));
            if (_readEnded)
            {
                // The read loop ended while we wrote and may have missed this stream when it closed the others.
                stream.OnConnectionClosed(Failure);
            }
            return stream;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Opens a stream and waits for its reply.</summary>
    public async Task<SpdyStream> OpenStreamAndWaitAsync(IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken ct = default)
    {
        var stream = await OpenStreamAsync(headers, ct);
        await stream.WaitForReplyAsync(_options.StreamReplyTimeout, ct);
        return stream;
    }

    /// <summary>
    /// Says goodbye (GOAWAY, best effort) and closes the transport; open streams end with
    /// <see cref="SpdyStreamEnd.ConnectionClosed"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        if (!_readEnded && await _writeLock.WaitAsync(TimeSpan.FromSeconds(1)))
        {
            try
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _transport.WriteAsync(SpdyFrame.GoAway(0), quick.Token);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
            {
            }
            finally
            {
                _writeLock.Release();
            }
        }
        await _closing.CancelAsync();
        await DisposeQuietlyAsync(_transport);
        try
        {
            await _readLoop;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
        _closing.Dispose();
    }

    internal async ValueTask SendAsync(byte[] frame, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            ThrowIfClosed();
            await WriteLockedAsync(frame);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    internal void Forget(SpdyStream stream) => _streams.TryRemove(stream.Id, out _);

    internal void ForgetIfDone(SpdyStream stream)
    {
        if (stream.IsDone)
        {
            Forget(stream);
        }
    }

    /// <summary>
    /// Writes one whole frame. Never cancelled half-way by a caller: a partial frame would corrupt the
    /// connection for every stream. Only closing the connection aborts a write.
    /// </summary>
    private async ValueTask WriteLockedAsync(byte[] frame)
    {
        try
        {
            await _transport.WriteAsync(frame, _closing.Token);
            await _transport.FlushAsync(_closing.Token);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(SpdyConnection));
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (await _reader.ReadAsync(_closing.Token) is { } frame)
            {
                await DispatchAsync(frame);
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // A read on a transport that was disposed under us is a close, not a failure.
            failure = Volatile.Read(ref _disposed) != 0 ? null : ex;
        }
        _readEnded = true;
        Failure = failure;
        foreach (var stream in _streams.Values)
        {
            stream.OnConnectionClosed(failure);
        }
        _streams.Clear();
    }

    private async ValueTask DispatchAsync(SpdyFrame frame)
    {
        SpdyStream? stream;
        switch (frame.Type)
        {
            case SpdyFrameType.Data:
                if (_streams.TryGetValue(frame.StreamId, out stream))
                {
                    await stream.OnDataAsync(frame.Payload, frame.IsFin, _closing.Token);
                    ForgetIfDone(stream);
                }
                break;
            case SpdyFrameType.SynReply:
                if (_streams.TryGetValue(frame.StreamId, out stream))
                {
                    stream.OnReply(frame.IsFin);
                    ForgetIfDone(stream);
                }
                break;
            case SpdyFrameType.RstStream:
                if (_streams.TryRemove(frame.StreamId, out stream))
                {
                    stream.OnReset((SpdyResetStatus)frame.Word(1));
                }
                break;
            case SpdyFrameType.Ping:
                // Echoed off the read loop: waiting here for the write lock could wait on a write that waits on us.
                _ = EchoAsync(SpdyFrame.Ping(frame.Word(0)));
                break;
            case SpdyFrameType.GoAway:
                _goneAway = true;
                break;
            case SpdyFrameType.SynStream:
                _ = EchoAsync(SpdyFrame.RstStream(frame.StreamId, SpdyResetStatus.RefusedStream));
                break;
            default:
                // SETTINGS, WINDOW_UPDATE, HEADERS, and types we do not know: SPDY says ignore.
                break;
        }
    }

    private async Task EchoAsync(byte[] frame)
    {
        try
        {
            await SendAsync(frame, _closing.Token);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private void ThrowIfClosed()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_readEnded)
        {
            throw new IOException("the SPDY connection is closed", Failure);
        }
    }

    private static async ValueTask DisposeQuietlyAsync(Stream? transport)
    {
        if (transport is null)
        {
            return;
        }
        try
        {
            await transport.DisposeAsync();
        }
        catch (IOException)
        {
        }
    }
}
