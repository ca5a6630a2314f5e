using System.Globalization;

namespace ChaosLab.Workloads.Echo;

/// <summary>
/// The request line and the headers the echo server acts on (RFC 9112): method, path without the
/// query, body length, keep-alive. A malformed head carries the status to answer with instead.
/// </summary>
public sealed record HttpRequestHead(string Method, string Path, long ContentLength, bool KeepAlive, int? Error = null)
{
    public static HttpRequestHead Failed(int status) => new("", "/", 0, false, status);

    /// <param name="head">The bytes before the blank line, as Latin-1 text.</param>
    public static HttpRequestHead Parse(string head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return Failed(400);
        }
        var (method, target, version) = (parts[0], parts[1], parts[2]);
        var keepAlive = version != "HTTP/1.0";
        long contentLength = 0;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return Failed(400);
            }
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out contentLength))
                {
                    return Failed(400);
                }
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                // Chunked request bodies: nothing the lab sends; refuse rather than misread the stream.
                return Failed(501);
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                keepAlive = value.Contains("keep-alive", StringComparison.OrdinalIgnoreCase)
                    || (keepAlive && !value.Contains("close", StringComparison.OrdinalIgnoreCase));
            }
        }
        return new HttpRequestHead(method, PathOf(target), contentLength, keepAlive);
    }

    public static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "Unknown",
    };

    /// <summary>Origin form "/a/b?q" or absolute form "http://host/a/b?q" → "/a/b".</summary>
    private static string PathOf(string target)
    {
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var slash = target.IndexOf('/', target.IndexOf("//", StringComparison.Ordinal) + 2);
            target = slash < 0 ? "/" : target[slash..];
        }
        var query = target.IndexOfAny(['?', '#']);
        var path = query < 0 ? target : target[..query];
        return path.Length == 0 ? "/" : path;
    }
}
