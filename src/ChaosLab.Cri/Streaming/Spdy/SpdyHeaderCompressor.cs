using System.Buffers.Binary;

namespace ChaosLab.Cri.Streaming.Spdy;

/// <summary>
/// The compressing side of SPDY/3 header blocks, without compressing. SPDY/3 wants each direction's header
/// blocks to form one zlib stream that starts with the preset dictionary; .NET's ZLibStream cannot announce a
/// dictionary, so this writes that zlib stream by hand out of stored (uncompressed) deflate blocks:
/// <list type="bullet">
/// <item>the first block is preceded by the zlib header with FDICT set and the dictionary's Adler-32;</item>
/// <item>each header block becomes stored blocks of at most 65535 bytes;</item>
/// <item>each frame ends with an empty stored block (00 00 00 FF FF), the boundary zlib's Z_SYNC_FLUSH
/// writes. Go's inflater (containerd's spdystream reads every header block through one zlib reader bounded
/// to the frame) hands the block's last bytes over only once it has read the next block header, and
/// spdystream rejects a frame whose payload was not read to the end: the empty block satisfies both.</item>
/// </list>
/// Stored blocks never refer back to the dictionary, so the output is valid zlib for any inflater. Header
/// blocks here are a few dozen bytes; compressing them would save nothing worth the code. One instance per
/// connection direction, used under the connection's write lock (frames must reach the wire in the order
/// they were compressed).
/// </summary>
public sealed class SpdyHeaderCompressor
{
    private const int MaxStoredBlock = ushort.MaxValue;

    /// <summary>CMF: deflate (8) with a 32 KiB window (CINFO 7).</summary>
    private const byte CompressionMethod = 0x78;

    /// <summary>FLG bit 5: a preset dictionary id follows the two header bytes.</summary>
    private const byte PresetDictionaryFlag = 0x20;

    private bool _headerWritten;

    /// <summary>The zlib header: CMF, FLG (FDICT, FCHECK making CMF·256+FLG a multiple of 31), the dictionary id.</summary>
    public static byte[] ZlibHeader()
    {
        var flags = PresetDictionaryFlag;
        flags |= (byte)((31 - (((CompressionMethod << 8) | flags) % 31)) % 31);
        var header = new byte[6];
        header[0] = CompressionMethod;
        header[1] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(2), SpdyZlibPreset.Id);
        return header;
    }

    /// <summary>The bytes to put in a frame for <paramref name="headerBlock"/>, continuing this direction's zlib stream.</summary>
    public byte[] Compress(ReadOnlySpan<byte> headerBlock)
    {
        using var output = new MemoryStream(headerBlock.Length + 16);
        if (!_headerWritten)
        {
            output.Write(ZlibHeader());
            _headerWritten = true;
        }
        while (!headerBlock.IsEmpty)
        {
            var chunk = headerBlock[..Math.Min(MaxStoredBlock, headerBlock.Length)];
            WriteStoredBlock(output, chunk);
            headerBlock = headerBlock[chunk.Length..];
        }
        WriteStoredBlock(output, []);
        return output.ToArray();
    }

    /// <summary>
    /// A non-final stored block: header bits BFINAL=0, BTYPE=00 padded to a byte (our blocks always start on
    /// a byte boundary), then LEN and its one's complement NLEN, little-endian, then the bytes.
    /// </summary>
    private static void WriteStoredBlock(MemoryStream output, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[5];
        header[0] = 0x00;
        BinaryPrimitives.WriteUInt16LittleEndian(header[1..], (ushort)data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[3..], (ushort)~data.Length);
        output.Write(header);
        output.Write(data);
    }
}
