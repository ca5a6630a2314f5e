using System.IO.Pipelines;
using ChaosLab.Kubelet.Server;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class PortForwardTunnelTests
{
    [Test]
    public void A_SPDY_upgrade_is_recognised_and_its_protocols_read_in_order()
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.Connection = "Upgrade";
        request.Headers.Upgrade = "SPDY/3.1";
        request.Headers.Append("X-Stream-Protocol-Version", "portforward.k8s.io");
        request.Headers.Append("X-Stream-Protocol-Version", "v2.portforward.example, v3.portforward.example");

        Assert.That(PortForwardTunnel.IsSpdyUpgrade(request), Is.True);
        Assert.That(PortForwardTunnel.OfferedProtocols(request), Is.EqualTo(new[] { "portforward.k8s.io", "v2.portforward.example", "v3.portforward.example" }));
    }

    [TestCase("keep-alive", "SPDY/3.1")]
    [TestCase("Upgrade", "websocket")]
    [TestCase("", "")]
    public void Anything_else_is_not(string connection, string upgrade)
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.Connection = connection;
        request.Headers.Upgrade = upgrade;

        Assert.That(PortForwardTunnel.IsSpdyUpgrade(request), Is.False);
    }

    [Test]
    public async Task The_relay_copies_both_ways_and_closes_both_sides_when_one_ends()
    {
        var (client, clientPeer) = DuplexPair();
        var (backend, backendPeer) = DuplexPair();
        var relay = ByteRelay.RunAsync(client, backend, CancellationToken.None);

        await clientPeer.Output.WriteAsync("to the runtime"u8.ToArray());
        Assert.That(await ReadTextAsync(backendPeer.Input, 14), Is.EqualTo("to the runtime"));
        await backendPeer.Output.WriteAsync("to the client"u8.ToArray());
        Assert.That(await ReadTextAsync(clientPeer.Input, 13), Is.EqualTo("to the client"));

        await backendPeer.Output.CompleteAsync();
        await relay.WaitAsync(TimeSpan.FromSeconds(5));
        var end = await clientPeer.Input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(end.IsCompleted, Is.True, "the client's side ends with the runtime's");
    }

    /// <summary>A stream for the relay and the pipes its far end reads and writes.</summary>
    private static (Stream Stream, (PipeReader Input, PipeWriter Output) Peer) DuplexPair()
    {
        var toStream = new Pipe();
        var fromStream = new Pipe();
        var stream = new DuplexStream(toStream.Reader.AsStream(), fromStream.Writer.AsStream());
        return (stream, (fromStream.Reader, toStream.Writer));
    }

    private static async Task<string> ReadTextAsync(PipeReader reader, int length)
    {
        var buffer = new byte[length];
        var read = await reader.AsStream(leaveOpen: true).ReadAtLeastAsync(buffer, length).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        return System.Text.Encoding.ASCII.GetString(buffer, 0, read);
    }

    private sealed class DuplexStream(Stream input, Stream output) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => input.ReadAsync(buffer, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => output.WriteAsync(buffer, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);

        public override void Flush() => output.Flush();

        public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);

        public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                input.Dispose();
                output.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
