namespace ChaosLab.Kubelet.Server;

/// <summary>
/// Serves a container's log file, written by the runtime in the CRI log format, to a client as <c>kubectl logs</c> shows
/// it (see <see cref="CriLogWriter"/>): from the start or from the last N lines, and when following, whatever the
/// runtime appends until the container has exited and everything is read, or the client goes away.
/// </summary>
/// <remarks>
/// Log rotation is not handled, as upstream's kubelet does not either: lines already rotated away are not read, and a
/// follower keeps reading the file it opened; if that file is truncated in place, it reads nothing more.
/// </remarks>
public static class LogFileReader
{
    private const int ChunkSize = 32 * 1024;

    public static Task CopyAsync(string path, ContainerLogQuery query, Stream output, Func<bool> running, TimeSpan poll, CancellationToken ct) =>
        CopyAsync(path, query, output, running, poll, TimeProvider.System, ct);

    /// <summary>As the public overload; <paramref name="clock"/> says when "now" is for sinceSeconds.</summary>
    internal static async Task CopyAsync(
        string path, ContainerLogQuery query, Stream output, Func<bool> running, TimeSpan poll, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(clock);
        // The bound is fixed when the request arrives, as upstream fixes it, not each time a line is read.
        var writer = new CriLogWriter(query.Timestamps, query.Since(clock.GetUtcNow()), query.LimitBytes);
        while (!File.Exists(path))
        {
            // The runtime creates the file when it starts the container; a follower may come first.
            if (!query.Follow || !running())
            {
                return;
            }
            await Task.Delay(poll, ct);
        }
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        file.Position = query.TailLines is { } lines ? CriLogTail.Start(file, lines) : 0;
        var buffer = new byte[ChunkSize];
        while (!writer.LimitReached)
        {
            // Asked before reading: whatever the container wrote before it exited is then read before the copy ends.
            var stillRunning = query.Follow && running();
            var read = await file.ReadAsync(buffer, ct);
            if (read > 0)
            {
                writer.Write(buffer.AsSpan(0, read));
                await writer.DrainAsync(output, ct);
                continue;
            }
            if (!stillRunning)
            {
                break;
            }
            await output.FlushAsync(ct);
            await Task.Delay(poll, ct);
        }
        writer.Complete();
        await writer.DrainAsync(output, ct);
        await output.FlushAsync(ct);
    }
}
