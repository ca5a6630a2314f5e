namespace ChaosLab.Kubelet.Server;

/// <summary>The stream a CRI log record came from (upstream's LogStreamType).</summary>
public enum CriLogStreamType
{
    Stdout,
    Stderr,
}

/// <summary>
/// The header of one CRI log record (<c>TIMESTAMP STREAM TAG CONTENT</c>): a partial record (tag P) holds part of a long
/// line without its end; the line ends with the next full record (tag F), whose content keeps the newline.
/// </summary>
public readonly record struct CriLogRecord(CriLogTimestamp Timestamp, CriLogStreamType Stream, bool Partial);
