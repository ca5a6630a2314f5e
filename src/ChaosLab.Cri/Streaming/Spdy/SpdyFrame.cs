using System.Buffers.Binary;

namespace ChaosLab.Cri.Streaming.Spdy;

/// <summary>
/// One SPDY/3 frame as read off the wire (SPDY/3 §2.2). Every frame has an 8-byte header:
/// <list type="bullet">
/// <item>control: 1 bit set, 15-bit version (3), 16-bit type, 8-bit flags, 24-bit length;</item>
/// <item>data: 1 bit clear, 31-bit stream id, 8-bit flags, 24-bit length.</item>
/// </list>
/// <see cref="Payload"/> is what follows the header. <see cref="StreamId"/> is the data frame's stream, or
/// for control frames the stream they concern (SYN_STREAM, SYN_REPLY, RST_STREAM, HEADERS, WINDOW_UPDATE:
/// the first 31-bit word of the payload), or 0.
/// </summary>
public sealed record SpdyFrame(SpdyFrameType Type, SpdyFrameBits Flags, uint StreamId, byte[] Payload)
{
    public const ushort Version = 3;
    public const int HeaderLength = 8;

    /// <summary>The length field is 24 bits.</summary>
    public const int MaxPayloadLength = 0xFF_FFFF;

    public bool IsFin => (Flags & SpdyFrameBits.Fin) != 0;

    /// <summary>A 32-bit big-endian word of the payload (RST_STREAM status, PING id, GOAWAY status, …).</summary>
    public uint Word(int index) => BinaryPrimitives.ReadUInt32BigEndian(Payload.AsSpan(index * 4));

    public static byte[] Data(uint streamId, ReadOnlySpan<byte> data, bool fin)
    {
        CheckStreamId(streamId);
        var frame = new byte[HeaderLength + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, streamId);
        WriteFlagsAndLength(frame, fin ? SpdyFrameBits.Fin : SpdyFrameBits.None, data.Length);
        data.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    /// <summary>
    /// SYN_STREAM: stream id, associated stream id (0), 3-bit priority (0, the highest, as client-go sends)
    /// and 5 unused bits, an 8-bit credential slot (0), then the compressed header block.
    /// </summary>
    public static byte[] SynStream(uint streamId, ReadOnlySpan<byte> compressedHeaders, bool fin)
    {
        CheckStreamId(streamId);
        var frame = Control(SpdyFrameType.SynStream, fin ? SpdyFrameBits.Fin : SpdyFrameBits.None, 10 + compressedHeaders.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(HeaderLength), streamId);
        // Associated stream id, priority and slot stay 0.
        compressedHeaders.CopyTo(frame.AsSpan(HeaderLength + 10));
        return frame;
    }

    public static byte[] RstStream(uint streamId, SpdyResetStatus status)
    {
        CheckStreamId(streamId);
        var frame = Control(SpdyFrameType.RstStream, SpdyFrameBits.None, 8);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(HeaderLength), streamId);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(HeaderLength + 4), (uint)status);
        return frame;
    }

    public static byte[] Ping(uint id)
    {
        var frame = Control(SpdyFrameType.Ping, SpdyFrameBits.None, 4);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(HeaderLength), id);
        return frame;
    }

    /// <summary>GOAWAY: the last stream the sender accepted from its peer, and a status (0: OK).</summary>
    public static byte[] GoAway(uint lastGoodStreamId, uint status = 0)
    {
        var frame = Control(SpdyFrameType.GoAway, SpdyFrameBits.None, 8);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(HeaderLength), lastGoodStreamId & 0x7FFF_FFFF);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(HeaderLength + 4), status);
        return frame;
    }

    /// <summary>
    /// Parses a frame header; the payload is read separately. Control frames of another SPDY version are
    /// refused: their layout is not ours.
    /// </summary>
    public static (SpdyFrameType Type, SpdyFrameBits Flags, uint StreamId, int Length) ParseHeader(ReadOnlySpan<byte> header)
    {
        var first = BinaryPrimitives.ReadUInt32BigEndian(header);
        var flags = (SpdyFrameBits)header[4];
        var length = (header[5] << 16) | (header[6] << 8) | header[7];
        if ((first & 0x8000_0000) == 0)
        {
            return (SpdyFrameType.Data, flags, first, length);
        }
        var version = (ushort)((first >> 16) & 0x7FFF);
        if (version != Version)
        {
            throw new SpdyProtocolException($"SPDY control frame of version {version}; only {Version} is spoken");
        }
        return ((SpdyFrameType)(first & 0xFFFF), flags, 0, length);
    }

    /// <summary>The stream a control frame concerns, read from its payload.</summary>
    public static uint StreamOf(SpdyFrameType type, ReadOnlySpan<byte> payload) =>
        type is SpdyFrameType.SynStream or SpdyFrameType.SynReply or SpdyFrameType.RstStream or SpdyFrameType.Headers or SpdyFrameType.WindowUpdate
            && payload.Length >= 4
            ? BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFF_FFFF
            : 0;

    private static byte[] Control(SpdyFrameType type, SpdyFrameBits flags, int length)
    {
        var frame = new byte[HeaderLength + length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, 0x8000 | Version);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)type);
        WriteFlagsAndLength(frame, flags, length);
        return frame;
    }

    private static void WriteFlagsAndLength(byte[] frame, SpdyFrameBits flags, int length)
    {
        if (length > MaxPayloadLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "a SPDY frame carries at most 16 MiB");
        }
        frame[4] = (byte)flags;
        frame[5] = (byte)(length >> 16);
        frame[6] = (byte)(length >> 8);
        frame[7] = (byte)length;
    }

    private static void CheckStreamId(uint streamId)
    {
        if (streamId is 0 or > 0x7FFF_FFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(streamId), streamId, "a SPDY stream id is 1 to 2^31-1");
        }
    }
}
