using System.Buffers.Binary;
using System.IO.Compression;
using ChaosLab.Cri.Streaming.Spdy;

namespace ChaosLab.Cri.Tests.Streaming.Spdy;

/// <summary>
/// The header blocks we send must be one zlib stream per connection, announcing the SPDY/3 dictionary, with
/// each frame's part ending on a flush boundary. Checked against the format and against .NET's own inflater.
/// </summary>
[Category("Unit")]
public sealed class SpdyHeaderCompressorTests
{
    /// <summary>Adler-32 of the 1423 dictionary bytes in moby/spdystream's spdy/dictionary.go, computed independently.</summary>
    private const uint DictionaryIdFromSpdystream = 0xE3C6A7C2;

    [Test]
    public void The_dictionary_is_the_spdy3_one()
    {
        Assert.That(SpdyZlibPreset.Bytes.Length, Is.EqualTo(1423));
        Assert.That(SpdyZlibPreset.Id, Is.EqualTo(DictionaryIdFromSpdystream));
    }

    [Test]
    public void Adler32_matches_the_rfc_1950_example()
    {
        // "Wikipedia" → 0x11E60398, the checksum's classic worked example.
        Assert.That(SpdyZlibPreset.Adler32("Wikipedia"u8), Is.EqualTo(0x11E60398u));
    }

    [Test]
    public void The_zlib_header_announces_a_preset_dictionary_and_its_id()
    {
        var header = SpdyHeaderCompressor.ZlibHeader();

        Assert.Multiple(() =>
        {
            Assert.That(header[0], Is.EqualTo(0x78), "deflate, 32 KiB window");
            Assert.That(header[1] & 0x20, Is.EqualTo(0x20), "FDICT");
            Assert.That(((header[0] << 8) | header[1]) % 31, Is.Zero, "FCHECK");
            Assert.That(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2)), Is.EqualTo(DictionaryIdFromSpdystream));
        });
    }

    [Test]
    public void Only_the_first_frame_carries_the_zlib_header_and_every_frame_ends_on_a_sync_flush()
    {
        var compressor = new SpdyHeaderCompressor();

        var first = compressor.Compress([1, 2, 3]);
        var second = compressor.Compress([4]);

        Assert.Multiple(() =>
        {
            Assert.That(first[..6], Is.EqualTo(SpdyHeaderCompressor.ZlibHeader()));
            Assert.That(first[6..], Is.EqualTo(new byte[] { 0x00, 0x03, 0x00, 0xFC, 0xFF, 1, 2, 3, 0x00, 0x00, 0x00, 0xFF, 0xFF }));
            Assert.That(second, Is.EqualTo(new byte[] { 0x00, 0x01, 0x00, 0xFE, 0xFF, 4, 0x00, 0x00, 0x00, 0xFF, 0xFF }));
        });
    }

    [Test]
    public void Dotnets_inflater_reads_the_frames_back_as_one_stream()
    {
        var compressor = new SpdyHeaderCompressor();
        var blocks = new[]
        {
            SpdyHeaderBlock.Encode([new("streamtype", "error")]),
            SpdyHeaderBlock.Encode([new("streamtype", "data"), new("port", "8080"), new("requestid", "0")]),
            // Larger than one stored block (65535 bytes).
            SpdyHeaderBlock.Encode([new("x-big", new string('x', 70_000))]),
        };
        var compressed = blocks.SelectMany(b => compressor.Compress(b)).ToArray();

        // Stored blocks never refer to the dictionary, so a raw inflater reads what follows the zlib header;
        // a final empty block closes the stream SPDY keeps open.
        using var inflater = new DeflateStream(new MemoryStream([.. compressed[6..], 0x01, 0x00, 0x00, 0xFF, 0xFF]), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        inflater.CopyTo(plain);

        Assert.That(plain.ToArray(), Is.EqualTo(blocks.SelectMany(b => b).ToArray()));
    }

    [Test]
    public void Header_names_go_lowercase_and_repeated_names_become_one_nul_joined_value()
    {
        var block = SpdyHeaderBlock.Encode([new("StreamType", "error"), new("x-a", "1"), new("X-A", "2")]);

        Assert.That(HeaderBlock.Parse(block), Is.EqualTo(new KeyValuePair<string, string>[] { new("streamtype", "error"), new("x-a", "1\02") }));
        Assert.That(block[..4], Is.EqualTo(new byte[] { 0, 0, 0, 2 }), "pair count, 32-bit big-endian");
    }
}
