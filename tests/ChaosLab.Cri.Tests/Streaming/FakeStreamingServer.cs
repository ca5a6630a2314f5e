using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ChaosLab.Cri.Streaming.Spdy;

namespace ChaosLab.Cri.Tests.Streaming;

/// <summary>
/// A one-connection streaming server on loopback that plays a script against the client: it answers the
/// upgrade (101 with a chosen protocol, or an error), then the script reads the client's frames in order
/// and writes its own through a <see cref="FakeSpdyPeer"/>.
/// </summary>
internal sealed class FakeStreamingServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TaskCompletionSource<string> _requestHead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _serving = Task.CompletedTask;

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/exec/4tOk3n");

    /// <summary>The client's upgrade request, up to the blank line.</summary>
    public Task<string> RequestHead => _requestHead.Task;

    /// <summary>The script's outcome: awaiting it surfaces the fake's own assertion failures.</summary>
    public Task Serving => _serving;

    public static FakeStreamingServer Start(Func<FakeSpdyPeer, Task> script, string protocol) =>
        StartAnswering(script, $"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: {protocol}\r\n\r\n");

    public static FakeStreamingServer StartAnswering(Func<FakeSpdyPeer, Task> script, string answer)
    {
        var server = new FakeStreamingServer();
        server._listener.Start();
        server._serving = server.ServeAsync(script, answer);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _serving.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // Test outcomes are judged by the test; the fake only must not outlive it.
        }
        _listener.Dispose();
    }

    private async Task ServeAsync(Func<FakeSpdyPeer, Task> script, string answer)
    {
        using var client = await _listener.AcceptTcpClientAsync();
        await using var stream = client.GetStream();
        var head = new StringBuilder();
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                throw new EndOfStreamException("client went away during the upgrade");
            }
            head.Append((char)b);
        }
        _requestHead.SetResult(head.ToString());
        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
        await script(new FakeSpdyPeer(stream));
    }
}

/// <summary>The server end of the SPDY connection as a script sees it.</summary>
internal sealed class FakeSpdyPeer(NetworkStream stream)
{
    private readonly SpdyFrameReader _reader = new(stream);
    private readonly List<byte> _compressed = [];
    private int _decodedOffset;

    /// <summary>The next frame the client sent; fails the script after 10 s.</summary>
    public async Task<SpdyFrame> ReadFrameAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _reader.ReadAsync(timeout.Token) ?? throw new EndOfStreamException("the client closed the connection");
    }

    /// <summary>Expects SYN_STREAM next, answers it with SYN_REPLY, returns its id and decoded headers.</summary>
    public async Task<(uint Id, IReadOnlyList<KeyValuePair<string, string>> Headers)> AcceptStreamAsync()
    {
        var frame = await ReadFrameAsync();
        Assert.That(frame.Type, Is.EqualTo(SpdyFrameType.SynStream), "expected a new stream");
        var headers = DecodeHeaders(frame.Payload.AsSpan(10));
        await SendAsync(SynReply(frame.StreamId));
        return (frame.StreamId, headers);
    }

    /// <summary>DATA of one stream until its FIN; any other frame fails the script.</summary>
    public async Task<byte[]> ReadUntilFinAsync(uint streamId)
    {
        using var data = new MemoryStream();
        while (true)
        {
            var frame = await ReadFrameAsync();
            Assert.That((frame.Type, frame.StreamId), Is.EqualTo((SpdyFrameType.Data, streamId)));
            data.Write(frame.Payload);
            if (frame.IsFin)
            {
                return data.ToArray();
            }
        }
    }

    public async Task SendAsync(byte[] frame)
    {
        await stream.WriteAsync(frame);
        await stream.FlushAsync();
    }

    public Task SendDataAsync(uint streamId, string text, bool fin = false) => SendAsync(SpdyFrame.Data(streamId, Encoding.UTF8.GetBytes(text), fin));

    /// <summary>What containerd's server does when a command has ended: reset every stream, then close.</summary>
    public async Task ResetAllAndCloseAsync(params uint[] streamIds)
    {
        foreach (var id in streamIds)
        {
            await SendAsync(SpdyFrame.RstStream(id, SpdyResetStatus.Cancel));
        }
        await SendAsync(SpdyFrame.GoAway(streamIds.Max()));
        stream.Socket.Shutdown(SocketShutdown.Send);
    }

    /// <summary>
    /// SYN_REPLY with an empty header block compressed by a real zlib (no preset dictionary, unlike Go's, but
    /// the client never inflates reply headers, so any bytes do).
    /// </summary>
    private static byte[] SynReply(uint streamId)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(new byte[4]);
        }
        var block = compressed.ToArray();
        var frame = new byte[8 + 4 + block.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, 0x8003);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)SpdyFrameType.SynReply);
        frame[7] = (byte)(4 + block.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), streamId);
        block.CopyTo(frame, 12);
        return frame;
    }

    /// <summary>
    /// Inflates the client's header stream with .NET's own inflater, independently of the client's encoder:
    /// the zlib header (2 bytes + dictionary id) is dropped, since a stream that never refers to the
    /// dictionary inflates without it, and a final empty block makes what arrived so far a complete stream.
    /// </summary>
    private IReadOnlyList<KeyValuePair<string, string>> DecodeHeaders(ReadOnlySpan<byte> compressed)
    {
        _compressed.AddRange(compressed);
        byte[] deflate = [.. _compressed.Skip(6), 0x01, 0x00, 0x00, 0xFF, 0xFF];
        using var inflater = new DeflateStream(new MemoryStream(deflate), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        inflater.CopyTo(plain);
        var block = plain.ToArray().AsSpan(_decodedOffset);
        _decodedOffset = (int)plain.Length;
        return HeaderBlock.Parse(block);
    }
}

/// <summary>Parses an uncompressed SPDY/3 header block (the test's own reading of the format).</summary>
internal static class HeaderBlock
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(ReadOnlySpan<byte> block)
    {
        var count = BinaryPrimitives.ReadUInt32BigEndian(block);
        var offset = 4;
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < count; i++)
        {
            var name = ReadString(block, ref offset);
            var value = ReadString(block, ref offset);
            headers.Add(new(name, value));
        }
        Assert.That(offset, Is.EqualTo(block.Length), "the header block has trailing bytes");
        return headers;
    }

    private static string ReadString(ReadOnlySpan<byte> block, ref int offset)
    {
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(block[offset..]);
        var text = Encoding.UTF8.GetString(block.Slice(offset + 4, length));
        offset += 4 + length;
        return text;
    }
}
