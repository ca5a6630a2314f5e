using System.Buffers.Binary;
using System.Text;

namespace ChaosLab.Cri.Streaming.Spdy;

/// <summary>
/// The preset zlib dictionary of SPDY/3 header blocks (SPDY/3 §2.6.10.1): 65 header names and words, each
/// preceded by its length as a 32-bit big-endian number, then one run of status codes, reason phrases, dates
/// and media types. A zlib stream names its dictionary by the dictionary's Adler-32, and Go's zlib reader
/// refuses a stream whose dictionary id differs; that id is all our encoder needs (it never refers back
/// into the dictionary), but it is derived here from the bytes rather than copied as a magic number.
/// </summary>
public static class SpdyZlibPreset
{
    private static readonly string[] Words =
    [
        "options", "head", "post", "put", "delete", "trace", "accept", "accept-charset", "accept-encoding",
        "accept-language", "accept-ranges", "age", "allow", "authorization", "cache-control", "connection",
        "content-base", "content-encoding", "content-language", "content-length", "content-location",
        "content-md5", "content-range", "content-type", "date", "etag", "expect", "expires", "from", "host",
        "if-match", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since", "last-modified",
        "location", "max-forwards", "pragma", "proxy-authenticate", "proxy-authorization", "range", "referer",
        "retry-after", "server", "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "vary", "via",
        "warning", "www-authenticate", "method", "get", "status", "200 OK", "version", "HTTP/1.1", "url",
        "public", "set-cookie", "keep-alive", "origin",
    ];

    private const string Tail =
        "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505" +
        "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized" +
        "403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable" +
        "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT" +
        "chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain," +
        "text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.";

    /// <summary>The dictionary's bytes (1423 of them).</summary>
    public static ReadOnlyMemory<byte> Bytes { get; } = Build();

    /// <summary>The dictionary id a zlib stream with this preset dictionary carries: its Adler-32.</summary>
    public static uint Id { get; } = Adler32(Bytes.Span);

    /// <summary>zlib's checksum (RFC 1950 §8.2).</summary>
    public static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        uint a = 1, b = 0;
        // 5552 bytes is the longest run whose sums cannot overflow 32 bits before the modulo.
        while (!data.IsEmpty)
        {
            var run = data[..Math.Min(5552, data.Length)];
            foreach (var value in run)
            {
                a += value;
                b += a;
            }
            a %= Modulus;
            b %= Modulus;
            data = data[run.Length..];
        }
        return (b << 16) | a;
    }

    private static byte[] Build()
    {
        var bytes = new List<byte>(1423);
        Span<byte> length = stackalloc byte[4];
        foreach (var word in Words)
        {
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)word.Length);
            bytes.AddRange(length);
            bytes.AddRange(Encoding.ASCII.GetBytes(word));
        }
        bytes.AddRange(Encoding.ASCII.GetBytes(Tail));
        return [.. bytes];
    }
}
