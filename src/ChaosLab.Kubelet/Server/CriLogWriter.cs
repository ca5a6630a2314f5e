using System.Buffers;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// Turns the bytes of a CRI log file into what <c>kubectl logs</c> shows: each record's content, partial records joined
/// into their line, optionally each line prefixed by its first record's time; lines older than the since bound left
/// out; at most limitBytes of output. Fed in file order in pieces of any size; only a record's header is ever held back,
/// so a long line streams through without being buffered.
/// </summary>
/// <remarks>
/// Records are joined in file order whatever their stream, as upstream's kubelet does. containerd writes a line longer
/// than its limit (16 KiB by default) as several records; if the other stream writes in between, the two mix in the
/// output, as they do upstream. Keeping them apart would mean holding whole lines back.
/// </remarks>
public sealed class CriLogWriter
{
    private enum Part
    {
        Header,
        Content,
        Raw,
    }

    private readonly bool _timestamps;
    private readonly DateTimeOffset? _since;
    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly byte[] _header = new byte[CriLogParser.MaxHeaderLength];
    private int _headerLength;
    private int _headerSpaces;
    private Part _part = Part.Header;
    private long _remaining;

    // The record being read is partial: its newline is the record's end, not content.
    private bool _partial;

    // A line has begun with partial records and not yet ended: the next record continues it.
    private bool _lineOpen;

    // The line being read is left out (older than the since bound).
    private bool _skipping;

    private DateTimeOffset? _lastRecordTime;

    public CriLogWriter(bool timestamps, DateTimeOffset? since, long? limitBytes)
    {
        _timestamps = timestamps;
        _since = since;
        _remaining = limitBytes ?? long.MaxValue;
    }

    /// <summary>limitBytes have been written: nothing more will be.</summary>
    public bool LimitReached => _remaining <= 0;

    /// <summary>Reads the next bytes of the file; what they produce waits for <see cref="DrainAsync"/>.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && !LimitReached)
        {
            data = _part switch
            {
                Part.Header => ReadHeader(data),
                Part.Content => ReadContent(data),
                _ => ReadRaw(data),
            };
        }
    }

    /// <summary>The file has ended: a last line that was cut short inside its header goes out as it is.</summary>
    public void Complete()
    {
        if (_part == Part.Header && _headerLength > 0)
        {
            BeginMalformedLine();
            Emit(_header.AsSpan(0, _headerLength));
            ResetHeader();
        }
    }

    /// <summary>Writes out what the bytes read so far have produced.</summary>
    public async ValueTask DrainAsync(Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_output.WrittenCount == 0)
        {
            return;
        }
        await output.WriteAsync(_output.WrittenMemory, ct);
        _output.ResetWrittenCount();
    }

    private ReadOnlySpan<byte> ReadHeader(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            var b = data[i];
            if (b == '\n')
            {
                // The line ended before a header did: not a record.
                BeginMalformedLine();
                Emit(_header.AsSpan(0, _headerLength));
                Emit("\n"u8);
                ResetHeader();
                return data[(i + 1)..];
            }
            _header[_headerLength++] = b;
            if (b == ' ' && ++_headerSpaces == 3)
            {
                if (CriLogParser.TryParse(_header.AsSpan(0, _headerLength), out var record))
                {
                    BeginRecord(record);
                    _part = Part.Content;
                }
                else
                {
                    BeginRawLine();
                }
                ResetHeader();
                return data[(i + 1)..];
            }
            if (_headerLength == _header.Length)
            {
                BeginRawLine();
                ResetHeader();
                return data[(i + 1)..];
            }
        }
        return [];
    }

    private ReadOnlySpan<byte> ReadContent(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf((byte)'\n');
        if (end < 0)
        {
            Emit(data);
            return [];
        }
        Emit(data[..end]);
        if (!_partial)
        {
            Emit("\n"u8);
            _lineOpen = false;
        }
        _part = Part.Header;
        return data[(end + 1)..];
    }

    private ReadOnlySpan<byte> ReadRaw(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf((byte)'\n');
        Emit(end < 0 ? data : data[..(end + 1)]);
        if (end < 0)
        {
            return [];
        }
        _part = Part.Header;
        return data[(end + 1)..];
    }

    private void BeginRecord(CriLogRecord record)
    {
        _lastRecordTime = record.Timestamp.Time;
        _partial = record.Partial;
        if (_lineOpen)
        {
            return;
        }
        // A joined line is kept or left out as a whole, by the time of its first record, which is also the time it shows.
        _lineOpen = true;
        _skipping = _since is { } since && record.Timestamp.Time < since;
        if (_timestamps && !_skipping)
        {
            Span<byte> prefix = stackalloc byte[CriLogTimestamp.MaxFormattedLength + 1];
            if (record.Timestamp.TryFormat(prefix, out var written))
            {
                prefix[written++] = (byte)' ';
                Emit(prefix[..written]);
            }
        }
    }

    private void BeginRawLine()
    {
        BeginMalformedLine();
        Emit(_header.AsSpan(0, _headerLength));
        _part = Part.Raw;
    }

    /// <summary>
    /// A line that is not a record (no timestamp, an unknown stream, cut short) goes out as it is, as a line of its own.
    /// Upstream drops such lines, but a file partly written by something else, or cut by a crash, says more shown than
    /// hidden, and one bad line must not end the whole answer. It has no time of its own; the since bound judges it by
    /// the record before it, and keeps it when there is none.
    /// </summary>
    private void BeginMalformedLine()
    {
        _lineOpen = false;
        _skipping = _since is { } since && _lastRecordTime is { } time && time < since;
    }

    /// <summary>Writes bytes of the current line, unless it is left out, cut at limitBytes.</summary>
    private void Emit(ReadOnlySpan<byte> bytes)
    {
        if (_skipping || bytes.IsEmpty || LimitReached)
        {
            return;
        }
        var count = (int)Math.Min(bytes.Length, _remaining);
        _output.Write(bytes[..count]);
        _remaining -= count;
    }

    private void ResetHeader()
    {
        _headerLength = 0;
        _headerSpaces = 0;
    }
}
