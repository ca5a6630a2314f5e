namespace ChaosLab.Cri.Streaming.Spdy;

/// <summary>
/// Reads whole frames off a transport. Bytes that arrived with the HTTP upgrade answer (the server may send
/// frames right behind its 101) are read first.
/// </summary>
public sealed class SpdyFrameReader(Stream transport, ReadOnlyMemory<byte> alreadyRead)
{
    private readonly byte[] _header = new byte[SpdyFrame.HeaderLength];
    private ReadOnlyMemory<byte> _leftover = alreadyRead;

    public SpdyFrameReader(Stream transport)
        : this(transport, ReadOnlyMemory<byte>.Empty)
    {
    }

    /// <summary>The next frame, or null when the transport ends between frames.</summary>
    /// <exception cref="EndOfStreamException">The transport ended inside a frame.</exception>
    /// <exception cref="SpdyProtocolException">A control frame of another SPDY version.</exception>
    public async ValueTask<SpdyFrame?> ReadAsync(CancellationToken ct = default)
    {
        var got = await FillAsync(_header, ct);
        if (got == 0)
        {
            return null;
        }
        if (got < _header.Length)
        {
            throw new EndOfStreamException($"the SPDY connection ended inside a frame header ({got} of {_header.Length} bytes)");
        }
        var (type, flags, streamId, length) = SpdyFrame.ParseHeader(_header);
        var payload = length == 0 ? [] : new byte[length];
        if (await FillAsync(payload, ct) < length)
        {
            throw new EndOfStreamException($"the SPDY connection ended inside a {type} frame of {length} bytes");
        }
        if (type != SpdyFrameType.Data)
        {
            streamId = SpdyFrame.StreamOf(type, payload);
        }
        return new SpdyFrame(type, flags, streamId, payload);
    }

    /// <summary>Fills <paramref name="buffer"/>; fewer bytes only when the transport ends.</summary>
    private async ValueTask<int> FillAsync(Memory<byte> buffer, CancellationToken ct)
    {
        var filled = 0;
        if (!_leftover.IsEmpty)
        {
            filled = Math.Min(buffer.Length, _leftover.Length);
            _leftover[..filled].CopyTo(buffer);
            _leftover = _leftover[filled..];
        }
        if (filled < buffer.Length)
        {
            filled += await transport.ReadAtLeastAsync(buffer[filled..], buffer.Length - filled, throwOnEndOfStream: false, ct);
        }
        return filled;
    }
}
