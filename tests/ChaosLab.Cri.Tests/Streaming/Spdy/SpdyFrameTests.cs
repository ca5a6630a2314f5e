using ChaosLab.Cri.Streaming.Spdy;

namespace ChaosLab.Cri.Tests.Streaming.Spdy;

/// <summary>Frame bytes written out by hand from the SPDY/3 draft (§2.2 framing, §2.6 control frames).</summary>
[Category("Unit")]
public sealed class SpdyFrameTests
{
    [Test]
    public void Data_frame_is_stream_id_flags_and_24_bit_length()
    {
        Assert.That(Hex(SpdyFrame.Data(3, "hi"u8, fin: false)), Is.EqualTo("00 00 00 03 00 00 00 02 68 69"));
    }

    [Test]
    public void An_empty_data_frame_with_fin_is_a_half_close()
    {
        Assert.That(Hex(SpdyFrame.Data(5, [], fin: true)), Is.EqualTo("00 00 00 05 01 00 00 00"));
    }

    [Test]
    public void Syn_stream_has_version_3_type_1_then_ids_priority_slot_and_the_header_block()
    {
        var frame = SpdyFrame.SynStream(1, [0xAA, 0xBB], fin: false);

        // 80 03 | 00 01 | flags 00 | length 12 | stream 1 | associated 0 | priority 0, slot 0 | block
        Assert.That(Hex(frame), Is.EqualTo("80 03 00 01 00 00 00 0c 00 00 00 01 00 00 00 00 00 00 aa bb"));
    }

    [Test]
    public void Rst_stream_ping_and_goaway_layouts()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Hex(SpdyFrame.RstStream(7, SpdyResetStatus.Cancel)), Is.EqualTo("80 03 00 03 00 00 00 08 00 00 00 07 00 00 00 05"));
            Assert.That(Hex(SpdyFrame.Ping(2)), Is.EqualTo("80 03 00 06 00 00 00 04 00 00 00 02"));
            Assert.That(Hex(SpdyFrame.GoAway(9)), Is.EqualTo("80 03 00 07 00 00 00 08 00 00 00 09 00 00 00 00"));
        });
    }

    [Test]
    public void Stream_ids_are_31_bits_and_never_0()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SpdyFrame.Data(0, [], fin: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpdyFrame.Data(0x8000_0000, [], fin: false));
    }

    [Test]
    public async Task The_reader_takes_frames_apart_without_inflating_reply_headers()
    {
        byte[] wire =
        [
            // SYN_REPLY, FIN, stream 3, and a header block the reader must skip, not inflate.
            0x80, 0x03, 0x00, 0x02, 0x01, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x03, 0x78, 0xBB, 0x01,
            // DATA on stream 3 with FIN.
            .. SpdyFrame.Data(3, "ok"u8, fin: true),
            // WINDOW_UPDATE for stream 3, delta 65536.
            0x80, 0x03, 0x00, 0x09, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00,
            .. SpdyFrame.RstStream(3, SpdyResetStatus.RefusedStream),
        ];
        var reader = new SpdyFrameReader(new MemoryStream(wire[5..]), wire.AsMemory(0, 5));

        var frames = new List<SpdyFrame>();
        while (await reader.ReadAsync() is { } frame)
        {
            frames.Add(frame);
        }

        Assert.Multiple(() =>
        {
            Assert.That(frames.Select(f => (f.Type, f.StreamId, f.IsFin)), Is.EqualTo(new[]
            {
                (SpdyFrameType.SynReply, 3u, true),
                (SpdyFrameType.Data, 3u, true),
                (SpdyFrameType.WindowUpdate, 3u, false),
                (SpdyFrameType.RstStream, 3u, false),
            }));
            Assert.That(frames[1].Payload, Is.EqualTo("ok"u8.ToArray()));
            Assert.That(frames[2].Word(1), Is.EqualTo(65536));
            Assert.That((SpdyResetStatus)frames[3].Word(1), Is.EqualTo(SpdyResetStatus.RefusedStream));
        });
    }

    [Test]
    public void A_frame_cut_short_is_an_error_and_other_versions_are_refused()
    {
        var cut = new SpdyFrameReader(new MemoryStream(SpdyFrame.Data(1, "abc"u8, fin: false)[..9]));
        var version2 = new SpdyFrameReader(new MemoryStream([0x80, 0x02, 0x00, 0x06, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 1]));

        Assert.ThrowsAsync<EndOfStreamException>(async () => await cut.ReadAsync());
        Assert.ThrowsAsync<SpdyProtocolException>(async () => await version2.ReadAsync());
    }

    private static string Hex(byte[] bytes) => string.Join(' ', bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
