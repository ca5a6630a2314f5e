using System.ComponentModel;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosLab.Kubelet.Runtime;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// One exec over an accepted channel.k8s.io WebSocket: the command's stdout and stderr go out on channels 1 and 2,
/// channel 0 feeds its stdin until a v5 close signal, channel 4 resizes its tty, and the exit status ends the
/// session on channel 3 before a normal close. A client that goes away first takes the command, and whatever it
/// started, with it.
/// </summary>
public sealed class ExecSession(WebSocket socket, ExecQuery query, ExecTarget target, ILogger logger) : IDisposable
{
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    /// <summary>kubectl sends its terminal's size as soon as it connects; a command that reads it at once should see it.</summary>
    private static readonly TimeSpan FirstSizeWait = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly TaskCompletionSource<TerminalSize> _firstSize = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Process?> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose() => _sendGate.Dispose();

    public async Task<int?> RunAsync(CancellationToken ct)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receive = ReceiveAsync(abort.Token);
        TerminalSize? size = null;
        if (query.Tty)
        {
            await Task.WhenAny(_firstSize.Task, receive, Task.Delay(FirstSizeWait, ct));
            _firstSize.TrySetCanceled(CancellationToken.None);
            size = _firstSize.Task.IsCompletedSuccessfully ? _firstSize.Task.Result : null;
        }
        Process process;
        try
        {
            process = Process.Start(ExecCommandLine.StartInfo(target, query, size)) ?? throw new InvalidOperationException("the command did not start");
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            _started.TrySetResult(null);
            await FinishAsync(ExecStatus.InternalError($"error executing command in container: {ex.Message}"), ct);
            await Settle(receive);
            return null;
        }
        using var started = process;
        if (!query.Stdin)
        {
            process.StandardInput.Close();
        }
        _started.TrySetResult(process);
        var stdout = PumpAsync(process.StandardOutput.BaseStream, StreamChannel.Stdout, query.Stdout, abort.Token);
        // With a tty there is no stderr stream: what script itself says goes to stdout, as a terminal would show it.
        var stderr = PumpAsync(process.StandardError.BaseStream, query.Tty ? StreamChannel.Stdout : StreamChannel.Stderr, query.Stderr || query.Tty, abort.Token);
        var finished = Task.WhenAll(process.WaitForExitAsync(CancellationToken.None), stdout, stderr);
        if (await Task.WhenAny(finished, receive) == receive && !finished.IsCompleted)
        {
            KillGroup(process);
            await abort.CancelAsync();
            await Settle(finished);
            return null;
        }
        await Settle(finished);
        var code = process.ExitCode;
        await FinishAsync(ExecStatus.ForExit(code, query.Command), ct);
        await Task.WhenAny(receive, Task.Delay(CloseWait, CancellationToken.None));
        await abort.CancelAsync();
        await Settle(receive);
        return code;
    }

    private async Task PumpAsync(Stream source, StreamChannel channel, bool send, CancellationToken ct)
    {
        var buffer = new byte[32 * 1024 + 1];
        buffer[0] = (byte)channel;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(1), ct)) > 0)
            {
                if (send)
                {
                    await SendAsync(buffer.AsMemory(0, read + 1), ct);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone or the session is being torn down; the receive side notices and stops the command.
        }
    }

    /// <summary>Reads the client's messages until it closes or drops the connection; what arrives before the start waits for it.</summary>
    private async Task ReceiveAsync(CancellationToken ct)
    {
        var buffer = new byte[32 * 1024 + 1];
        using var message = new MemoryStream();
        Stream? stdin = null;
        var stdinClosed = !query.Stdin;
        TerminalResizer? resizer = null;
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
                if (f.Channel == StreamChannel.Resize && query.Tty && TerminalSize.Parse(f.Data.Span) is { } size && !_firstSize.TrySetResult(size))
                {
                    resizer ??= await _started.Task is { } p ? new TerminalResizer(p.Id) : null;
                    await (resizer?.ResizeAsync(size, ct) ?? Task.CompletedTask);
                }
                else if (f.Channel == StreamChannel.Stdin && !stdinClosed)
                {
                    stdin ??= (await _started.Task)?.StandardInput.BaseStream;
                    if (stdin is not null)
                    {
                        await WriteQuietlyAsync(stdin, f.Data, ct);
                    }
                }
                else if (f.ClosedChannel == StreamChannel.Stdin && !stdinClosed)
                {
                    stdinClosed = true;
                    if ((stdin ?? (await _started.Task)?.StandardInput.BaseStream) is { } open)
                    {
                        CloseQuietly(open);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task FinishAsync(JsonObject status, CancellationToken ct)
    {
        try
        {
            await SendAsync(ChannelFrame.Encode(StreamChannel.Error, JsonSerializer.SerializeToUtf8Bytes(status)), ct);
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
            logger.LogDebug("exec: the client left before the status was sent: {Reason}", ex.Message);
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

    private static async Task WriteQuietlyAsync(Stream stdin, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        try
        {
            await stdin.WriteAsync(data, ct);
            await stdin.FlushAsync(ct);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The command stopped reading (or exited); what it did not read is dropped, as a closed pipe drops it.
        }
    }

    private static void CloseQuietly(Stream stdin)
    {
        try
        {
            stdin.Close();
        }
        catch (IOException)
        {
        }
    }

    private static void KillGroup(Process process)
    {
        // setsid made the command a session and group leader: the negative PID reaches everything it started.
        ProcessSignals.Send(-process.Id, ProcessSignals.SigKill);
    }

    private static async Task Settle(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or WebSocketException)
        {
        }
    }
}
