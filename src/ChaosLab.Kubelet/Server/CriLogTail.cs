namespace ChaosLab.Kubelet.Server;

/// <summary>
/// Where the last N lines of a CRI log file start, counted as <see cref="CriLogWriter"/> shows them: partial records
/// and the full record that ends them are one line, a line that is not a record is one line. Reads the file from the
/// end, a chunk at a time, and looks only at each line's header.
/// </summary>
public static class CriLogTail
{
    private const int ChunkSize = 32 * 1024;

    private enum Kind
    {
        EndOfFile,
        Full,
        Partial,
        Malformed,
    }

    /// <summary>The offset of the record that begins the last <paramref name="lines"/> lines; a final newline ends the last line, it does not start one.</summary>
    public static long Start(Stream file, long lines)
    {
        ArgumentNullException.ThrowIfNull(file);
        var length = file.Length;
        if (lines <= 0)
        {
            return length;
        }
        // Each chunk is read with the header-length after it, so a line starting in the chunk has its header in the buffer.
        var buffer = new byte[ChunkSize + CriLogParser.MaxHeaderLength];
        var lineEnd = length;
        var chunkStart = length;
        var count = 0;
        var found = 0L;
        var next = Kind.EndOfFile;
        while (chunkStart > 0)
        {
            var chunkEnd = chunkStart;
            chunkStart = Math.Max(0, chunkEnd - ChunkSize);
            count = (int)(Math.Min(length, chunkEnd + CriLogParser.MaxHeaderLength) - chunkStart);
            file.Position = chunkStart;
            file.ReadExactly(buffer, 0, count);
            for (var i = (int)(chunkEnd - chunkStart) - 1; i >= 0; i--)
            {
                if (buffer[i] != '\n' || chunkStart + i == lineEnd - 1)
                {
                    continue;
                }
                var lineStart = chunkStart + i + 1;
                if (EndsLine(buffer.AsSpan((int)(lineStart - chunkStart), (int)(Math.Min(lineEnd, chunkStart + count) - lineStart)), ref next)
                    && ++found > lines)
                {
                    return lineEnd;
                }
                lineEnd = lineStart;
            }
        }
        // The first line of the file; the buffer holds the first chunk.
        if (lineEnd > 0 && EndsLine(buffer.AsSpan(0, (int)Math.Min(lineEnd, count)), ref next) && ++found > lines)
        {
            return lineEnd;
        }
        return 0;
    }

    /// <summary>
    /// Whether this line, seen before <paramref name="next"/> (the line after it in the file), ends a shown line: a full
    /// record or a line that is not a record does; a partial record only when no record continues it.
    /// </summary>
    private static bool EndsLine(ReadOnlySpan<byte> line, ref Kind next)
    {
        var kind = !CriLogParser.TryParse(line, out var record) ? Kind.Malformed
            : record.Partial ? Kind.Partial
            : Kind.Full;
        var ends = kind != Kind.Partial || next is Kind.EndOfFile or Kind.Malformed;
        next = kind;
        return ends;
    }
}
