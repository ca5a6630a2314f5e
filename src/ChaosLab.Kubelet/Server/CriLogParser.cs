namespace ChaosLab.Kubelet.Server;

/// <summary>Reads the header of a CRI log line: <c>2016-10-06T00:17:09.669794202Z stdout P content</c>.</summary>
public static class CriLogParser
{
    /// <summary>
    /// The longest header looked at: a timestamp with nine fraction digits and an offset, the stream, a tag, their three
    /// spaces, and room for a longer tag. A line without its three spaces in that many bytes is not a record.
    /// </summary>
    public const int MaxHeaderLength = 96;

    /// <summary>
    /// Parses the header at the start of <paramref name="line"/> (a whole line, or only its first bytes, up to the space
    /// after the tag). Fails on a line that is not a record: no timestamp, an unknown stream, no tag.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out CriLogRecord record)
    {
        record = default;
        var header = line[..Math.Min(line.Length, MaxHeaderLength)];
        var timeEnd = header.IndexOf((byte)' ');
        if (timeEnd < 0 || !CriLogTimestamp.TryParse(header[..timeEnd], out var timestamp))
        {
            return false;
        }
        var afterTime = timeEnd + 1;
        var streamEnd = header[afterTime..].IndexOf((byte)' ');
        if (streamEnd < 0)
        {
            return false;
        }
        var streamText = header.Slice(afterTime, streamEnd);
        CriLogStreamType stream;
        if (streamText.SequenceEqual("stdout"u8))
        {
            stream = CriLogStreamType.Stdout;
        }
        else if (streamText.SequenceEqual("stderr"u8))
        {
            stream = CriLogStreamType.Stderr;
        }
        else
        {
            return false;
        }
        var tagStart = afterTime + streamEnd + 1;
        var tagEnd = header[tagStart..].IndexOf((byte)' ');
        if (tagEnd < 0)
        {
            return false;
        }
        // Tags are ':'-separated for later additions; the first says partial or full, and anything but P is full, as upstream reads it.
        var tags = header.Slice(tagStart, tagEnd);
        var first = tags.IndexOf((byte)':') is var colon and >= 0 ? tags[..colon] : tags;
        record = new CriLogRecord(timestamp, stream, first.SequenceEqual("P"u8));
        return true;
    }
}
