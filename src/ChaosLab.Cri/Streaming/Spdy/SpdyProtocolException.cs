namespace ChaosLab.Cri.Streaming.Spdy;

/// <summary>The peer broke SPDY/3 framing, or the HTTP upgrade to SPDY/3.1 failed.</summary>
public class SpdyProtocolException : IOException
{
    public SpdyProtocolException()
    {
    }

    public SpdyProtocolException(string message)
        : base(message)
    {
    }

    public SpdyProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The streaming server answered the upgrade request with something other than 101 Switching Protocols, e.g.
/// 404 when the URL's token has expired or was used already (a CRI streaming URL is good for one connection
/// within a minute), or 403 when no offered protocol is supported.
/// </summary>
public sealed class SpdyUpgradeException : SpdyProtocolException
{
    public SpdyUpgradeException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public SpdyUpgradeException()
    {
    }

    public SpdyUpgradeException(string message)
        : base(message)
    {
    }

    public SpdyUpgradeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status of the answer, 0 when the answer was not HTTP at all.</summary>
    public int StatusCode { get; }
}
