using System.Globalization;
using System.Text;
using ChaosLab.Cri.Streaming.Spdy;

namespace ChaosLab.Cri.Streaming;

/// <summary>
/// Runs the client side of Kubernetes' remote command protocol (exec and attach are the same on the wire)
/// against a URL from CRI Exec or Attach, over SPDY/3.1. It offers v4, v3 and v2 (containerd 1.6 picks v4),
/// opens the streams as client-go does (error first, then stdin, stdout, stderr, resize), pumps them and
/// returns the exit code read from the error stream.
/// </summary>
public sealed class RemoteCommandClient(SpdyConnectionOptions? options = null)
{
    public static IReadOnlyList<string> Protocols { get; } =
        [StreamHeaders.RemoteCommandV4, StreamHeaders.RemoteCommandV3, StreamHeaders.RemoteCommandV2];

    private readonly SpdyConnectionOptions _options = options ?? new SpdyConnectionOptions();

    /// <summary>
    /// Connects to <paramref name="url"/> (single use: a CRI streaming URL is good for one connection) and runs
    /// the command to its end. Returns when the exit status has arrived and stdout and stderr have been copied.
    /// Stdin is copied until it ends, then half-closed; if the command ends first, copying stdin stops
    /// (a stdin read that ignores cancellation is left behind, not awaited).
    /// </summary>
    /// <exception cref="RemoteCommandException">The command failed without an exit code (e.g. executable not found).</exception>
    /// <exception cref="SpdyUpgradeException">The URL was refused (expired or used token).</exception>
    /// <exception cref="IOException">The connection failed before the command ended.</exception>
    public async Task<RemoteCommandResult> RunAsync(Uri url, RemoteCommandStreams streams, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(streams);
        streams.Validate();
        await using var connection = await SpdyConnection.ConnectAsync(url, Protocols, _options, ct);
        var protocol = connection.Protocol;

        // client-go's order; the server waits until it has every stream the CRI request announced.
        var error = await connection.OpenStreamAsync(StreamHeaders.OfType(StreamHeaders.TypeError), ct);
        var stdin = streams.Stdin is null ? null : await connection.OpenStreamAsync(StreamHeaders.OfType(StreamHeaders.TypeStdin), ct);
        var stdout = streams.Stdout is null ? null : await connection.OpenStreamAsync(StreamHeaders.OfType(StreamHeaders.TypeStdout), ct);
        var stderr = streams.Stderr is null ? null : await connection.OpenStreamAsync(StreamHeaders.OfType(StreamHeaders.TypeStderr), ct);
        var resize = streams.Tty && protocol != StreamHeaders.RemoteCommandV2
            ? await connection.OpenStreamAsync(StreamHeaders.OfType(StreamHeaders.TypeResize), ct)
            : null;
        SpdyStream?[] opened = [error, stdin, stdout, stderr, resize];
        await Task.WhenAll(opened.OfType<SpdyStream>().Select(s => s.WaitForReplyAsync(_options.StreamReplyTimeout, ct)));

        using var sideJobs = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var status = error.ReadToEndAsync(ct);
        var output = stdout is null ? Task.CompletedTask : stdout.CopyToAsync(streams.Stdout!, ct);
        var errors = stderr is null ? Task.CompletedTask : stderr.CopyToAsync(streams.Stderr!, ct);
        if (stdin is not null)
        {
            _ = PumpStdinAsync(streams.Stdin!, stdin, sideJobs.Token);
        }
        if (resize is not null && streams.Resize is not null)
        {
            _ = PumpResizesAsync(streams.Resize, resize, sideJobs.Token);
        }
        try
        {
            var text = await status;
            await Task.WhenAll(output, errors);
            return RemoteCommandResult.FromErrorStream(protocol, text);
        }
        finally
        {
            await sideJobs.CancelAsync();
        }
    }

    /// <summary>
    /// Caller's stdin → stdin stream, then FIN. Errors end the pump quietly: after the command ended the
    /// stream is reset (expected), and a failing caller stream is the same to the command as its end.
    /// </summary>
    private static async Task PumpStdinAsync(Stream source, SpdyStream stdin, CancellationToken ct)
    {
        var buffer = new byte[SpdyStream.MaxDataFrame];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                await stdin.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            if (ct.IsCancellationRequested)
            {
                return;
            }
        }
        try
        {
            await stdin.CloseWriteAsync(ct);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    /// <summary>Each size as client-go's JSON encoder writes a TerminalSize: {"Width":80,"Height":24} and a newline.</summary>
    private static async Task PumpResizesAsync(IAsyncEnumerable<TerminalSize> sizes, SpdyStream resize, CancellationToken ct)
    {
        try
        {
            await foreach (var size in sizes.WithCancellation(ct))
            {
                var json = string.Create(CultureInfo.InvariantCulture, $"{{\"Width\":{size.Width},\"Height\":{size.Height}}}\n");
                await resize.WriteAsync(Encoding.ASCII.GetBytes(json), ct);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
    }
}
