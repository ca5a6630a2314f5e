namespace ChaosLab.Cri.Streaming.Spdy;

/// <summary>
/// SPDY/3 frame types. Control frames carry their type on the wire; <see cref="Data"/> is our own name for
/// the one non-control frame (its first bit is 0 and it has no type field).
/// </summary>
public enum SpdyFrameType : ushort
{
    Data = 0,
    SynStream = 1,
    SynReply = 2,
    RstStream = 3,
    Settings = 4,
    Ping = 6,
    GoAway = 7,
    Headers = 8,
    WindowUpdate = 9,
}

/// <summary>Flag bits of SPDY/3 frames (the 8-bit flags field).</summary>
[Flags]
public enum SpdyFrameBits : byte
{
    None = 0,

    /// <summary>The sender's last frame on the stream: it half-closes the stream (DATA, SYN_STREAM, SYN_REPLY, HEADERS).</summary>
    Fin = 0x01,

    /// <summary>SYN_STREAM only: the recipient may not send on the stream.</summary>
    Unidirectional = 0x02,
}

/// <summary>RST_STREAM status codes (SPDY/3 §2.6.3).</summary>
public enum SpdyResetStatus : uint
{
    ProtocolError = 1,
    InvalidStream = 2,
    RefusedStream = 3,
    UnsupportedVersion = 4,
    Cancel = 5,
    InternalError = 6,
    FlowControlError = 7,
    StreamInUse = 8,
    StreamAlreadyClosed = 9,
    FrameTooLarge = 11,
}
