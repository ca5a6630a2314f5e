namespace ChaosLab.Kubelet.Server;

/// <summary>
/// Copies a container's log file to a client: from the start or from the last N lines, at most limitBytes, and when
/// following, whatever the container appends until it has exited and everything is read, or the client goes away.
/// </summary>
public static class LogFileReader
{
    private const int ChunkSize = 32 * 1024;

    /// <summary>The offset where the last <paramref name="lines"/> lines start; a final newline ends the last line, it does not start one.</summary>
    public static long TailStart(Stream file, long lines)
    {
        ArgumentNullException.ThrowIfNull(file);
        var length = file.Length;
        if (lines <= 0)
        {
            return length;
        }
        var buffer = new byte[ChunkSize];
        var end = length;
        var first = true;
        var seen = 0L;
        while (end > 0)
        {
            var start = Math.Max(0, end - buffer.Length);
            var count = (int)(end - start);
            file.Position = start;
            file.ReadExactly(buffer, 0, count);
            for (var i = count - 1; i >= 0; i--)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }
                if (first && start + i == length - 1)
                {
                    continue;
                }
                if (++seen == lines)
                {
                    return start + i + 1;
                }
            }
            first = false;
            end = start;
        }
        return 0;
    }

    public static async Task CopyAsync(string path, ContainerLogQuery query, Stream output, Func<bool> running, TimeSpan poll, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(running);
        while (!File.Exists(path))
        {
            // The shell that starts the container creates the file; a follower may come first.
            if (!query.Follow || !running())
            {
                return;
            }
            await Task.Delay(poll, ct);
        }
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        file.Position = query.TailLines is { } lines ? TailStart(file, lines) : 0;
        var remaining = query.LimitBytes ?? long.MaxValue;
        var buffer = new byte[ChunkSize];
        while (remaining > 0)
        {
            // Asked before reading: whatever the container wrote before it exited is then read before the copy ends.
            var stillRunning = query.Follow && running();
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), ct);
            if (read > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
                remaining -= read;
                continue;
            }
            if (!stillRunning)
            {
                break;
            }
            await output.FlushAsync(ct);
            await Task.Delay(poll, ct);
        }
        await output.FlushAsync(ct);
    }
}
