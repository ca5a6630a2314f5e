using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using ChaosLab.Cri.Streaming;
using Microsoft.Extensions.Logging;
using CriTerminalSize = ChaosLab.Cri.Streaming.TerminalSize;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// One exec or attach between the API server's channel.k8s.io WebSocket and the runtime's streaming server (both are
/// the same remote command protocol on the wire): the client's stdin (channel 0) and terminal sizes (channel 4) go to
/// the runtime, stdout and stderr come back on channels 1 and 2, and the runtime's exit status is handed on unchanged
/// on channel 3 before a normal close. A v5 close signal for stdin half-closes the runtime's stdin stream, so an exec'd
/// command sees EOF (an attached container's stdin stays open unless it was started with stdinOnce).
/// </summary>
/// <param name="streams">The streams the CRI request asked the runtime for.</param>
/// <param name="protocol">The negotiated subprotocol (<see cref="RemoteCommandProtocols"/>): it decides what the error channel carries.</param>
public sealed class RemoteCommandBridge(WebSocket socket, StreamSelection streams, string protocol, ILogger logger) : IDisposable
{
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly Pipe _stdin = new();
    private readonly Channel<CriTerminalSize> _sizes = Channel.CreateUnbounded<CriTerminalSize>();

    public void Dispose() => _sendGate.Dispose();

    /// <returns>The exit code the runtime reported (0 for an attach that ended normally), or null when it ended without one (the client left, or the runtime refused it).</returns>
    public async Task<int?> RunAsync(Uri url, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receive = ReceiveAsync(abort.Token);
        var remote = new RemoteCommandStreams
        {
            Stdin = streams.Stdin ? _stdin.Reader.AsStream() : null,
            Stdout = streams.Stdout ? new ChannelStream(this, StreamChannel.Stdout) : null,
            Stderr = streams.Stderr ? new ChannelStream(this, StreamChannel.Stderr) : null,
            Tty = streams.Tty,
            Resize = streams.Tty ? _sizes.Reader.ReadAllAsync(abort.Token) : null,
        };
        var run = new RemoteCommandClient().RunAsync(url, remote, abort.Token);
        if (await Task.WhenAny(run, receive) == receive && !run.IsCompleted)
        {
            // The client went away: the command's connection goes with it.
            await abort.CancelAsync();
            await Settle(run);
            return null;
        }
        int? code;
        string status;
        try
        {
            var result = await run;
            (code, status) = (result.ExitCode, result.Status);
        }
        catch (RemoteCommandException ex)
        {
            (code, status) = (null, ex.Status is { Length: > 0 } s && s.TrimStart().StartsWith('{') ? s : ExecStatus.InternalError(ex.Message).ToJsonString());
        }
        catch (Exception ex) when (ex is IOException or ChaosLab.Cri.Streaming.Spdy.SpdyProtocolException)
        {
            (code, status) = (null, ExecStatus.InternalError($"the container runtime's stream failed: {ex.Message}").ToJsonString());
        }
        await FinishAsync(status, ct);
        await Task.WhenAny(receive, Task.Delay(CloseWait, CancellationToken.None));
        await abort.CancelAsync();
        await Settle(receive);
        return code;
    }

    /// <summary>Reads the client's messages until it closes or drops the connection.</summary>
    private async Task ReceiveAsync(CancellationToken ct)
    {
        var buffer = new byte[32 * 1024 + 1];
        using var message = new MemoryStream();
        var stdinOpen = streams.Stdin;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }
                var frame = ChannelFrame.Decode(message.ToArray());
                message.SetLength(0);
                if (frame is not { } f)
                {
                    continue;
                }
                if (f.Channel == StreamChannel.Resize && streams.Tty && TerminalSize.Parse(f.Data.Span) is { } size)
                {
                    _sizes.Writer.TryWrite(new CriTerminalSize(size.Width, size.Height));
                }
                else if (f.Channel == StreamChannel.Stdin && stdinOpen)
                {
                    await _stdin.Writer.WriteAsync(f.Data, ct);
                }
                else if (f.ClosedChannel == StreamChannel.Stdin && stdinOpen)
                {
                    stdinOpen = false;
                    await _stdin.Writer.CompleteAsync();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            await _stdin.Writer.CompleteAsync();
            _sizes.Writer.TryComplete();
        }
    }

    private async Task FinishAsync(string status, CancellationToken ct)
    {
        try
        {
            var report = RemoteCommandProtocols.StatusOnErrorChannel(protocol) ? status : RemoteCommandProtocols.PlainError(status);
            if (report is not null)
            {
                await SendAsync(ChannelFrame.Encode(StreamChannel.Error, Encoding.UTF8.GetBytes(report)), ct);
            }
            await _sendGate.WaitAsync(ct);
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
            }
            finally
            {
                _sendGate.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            logger.LogDebug("exec/attach: the client left before the status was sent: {Reason}", ex.Message);
        }
    }

    private async Task SendAsync(ReadOnlyMemory<byte> frame, CancellationToken ct)
    {
        await _sendGate.WaitAsync(ct);
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, ct);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private static async Task Settle(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or WebSocketException or RemoteCommandException)
        {
        }
    }

    /// <summary>What the command writes on one output stream, sent to the client as frames of that channel.</summary>
    private sealed class ChannelStream(RemoteCommandBridge bridge, StreamChannel channel) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var frame = new byte[buffer.Length + 1];
            frame[0] = (byte)channel;
            buffer.CopyTo(frame.AsMemory(1));
            await bridge.SendAsync(frame, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>Which streams an exec or attach has; a tty has no separate stderr.</summary>
public sealed record StreamSelection(bool Stdin, bool Stdout, bool Stderr, bool Tty);
