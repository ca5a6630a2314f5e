using System.Globalization;
using System.Text;

namespace ChaosLab.Cri.Streaming.Spdy;

/// <summary>
/// The HTTP/1.1 request that turns a connection into SPDY/3.1, as Kubernetes' httpstream negotiates it: the
/// client offers protocols in <c>X-Stream-Protocol-Version</c> headers, one per protocol, most preferred first;
/// the server takes the first it supports, names it in the same header of its 101 answer, or answers 403
/// (listing what it accepts in <c>X-Accepted-Stream-Protocol-Versions</c>).
/// </summary>
public static class SpdyUpgrade
{
    public const string UpgradeToken = "SPDY/3.1";
    public const string ProtocolHeader = "X-Stream-Protocol-Version";
    public const string AcceptedProtocolsHeader = "X-Accepted-Stream-Protocol-Versions";

    /// <summary>The answer's head is a status line and a handful of headers; anything longer is not our server.</summary>
    private const int MaxHeadBytes = 16 * 1024;

    public static byte[] Request(Uri url, IReadOnlyList<string> protocols)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(protocols);
        var request = new StringBuilder()
            // POST, as kubectl sends exec, attach and port-forward; the CRI streaming server routes GET and POST alike.
            .Append(CultureInfo.InvariantCulture, $"POST {url.PathAndQuery} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {url.Authority}\r\n")
            .Append("Connection: Upgrade\r\n")
            .Append(CultureInfo.InvariantCulture, $"Upgrade: {UpgradeToken}\r\n");
        foreach (var protocol in protocols)
        {
            request.Append(CultureInfo.InvariantCulture, $"{ProtocolHeader}: {protocol}\r\n");
        }
        request.Append("Content-Length: 0\r\n\r\n");
        return Encoding.ASCII.GetBytes(request.ToString());
    }

    /// <summary>
    /// Sends the upgrade request and reads the answer's head. Returns the protocol the server chose and the
    /// bytes that arrived after the head (already SPDY frames).
    /// </summary>
    /// <exception cref="SpdyUpgradeException">Not 101, or 101 without SPDY/3.1, or a protocol that was not offered.</exception>
    public static async Task<(string Protocol, byte[] AfterHead)> HandshakeAsync(Stream transport, Uri url, IReadOnlyList<string> protocols, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transport);
        await transport.WriteAsync(Request(url, protocols), ct);
        await transport.FlushAsync(ct);

        var (head, afterHead) = await ReadHeadAsync(transport, ct);
        var answer = Answer.Parse(head);
        if (answer.StatusCode != 101)
        {
            var body = await ReadErrorBodyAsync(transport, afterHead, answer.ContentLength, ct);
            var accepted = answer.Values(AcceptedProtocolsHeader);
            var why = body.Length > 0 ? body : answer.Reason;
            var extra = accepted.Count > 0 ? $" (server accepts {string.Join(", ", accepted)})" : string.Empty;
            throw new SpdyUpgradeException(answer.StatusCode, $"upgrade of {url} refused: {answer.StatusCode} {why}{extra}");
        }
        if (!answer.Values("Upgrade").Any(v => v.Equals(UpgradeToken, StringComparison.OrdinalIgnoreCase)))
        {
            throw new SpdyUpgradeException(101, $"{url} switched protocols, but not to {UpgradeToken} (Upgrade: {string.Join(", ", answer.Values("Upgrade"))})");
        }
        var chosen = answer.Headers[ProtocolHeader].FirstOrDefault() ?? string.Empty;
        if (protocols.Count > 0 && !protocols.Contains(chosen))
        {
            throw new SpdyUpgradeException(101, $"{url} chose protocol '{chosen}', which was not offered ({string.Join(", ", protocols)})");
        }
        return (chosen, afterHead);
    }

    /// <summary>An error answer's text (http.Error's message), as far as it is short and declared by Content-Length.</summary>
    private static async Task<string> ReadErrorBodyAsync(Stream transport, byte[] afterHead, int? contentLength, CancellationToken ct)
    {
        var wanted = Math.Min(contentLength ?? afterHead.Length, 4096);
        var body = new byte[Math.Max(wanted, afterHead.Length)];
        afterHead.CopyTo(body, 0);
        var length = afterHead.Length;
        if (length < wanted)
        {
            length += await transport.ReadAtLeastAsync(body.AsMemory(length, wanted - length), wanted - length, throwOnEndOfStream: false, ct);
        }
        return Encoding.UTF8.GetString(body, 0, Math.Min(length, wanted)).Trim();
    }

    private static async Task<(string Head, byte[] AfterHead)> ReadHeadAsync(Stream transport, CancellationToken ct)
    {
        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = Encoding.ASCII.GetString(buffer, 0, end);
                return (head, buffer[(end + 4)..length]);
            }
            if (length == MaxHeadBytes)
            {
                throw new SpdyUpgradeException(0, $"the streaming server's answer has no end of headers within {MaxHeadBytes} bytes");
            }
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxHeadBytes));
            }
            var read = await transport.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0)
            {
                var partial = Encoding.ASCII.GetString(buffer, 0, Math.Min(length, 200));
                throw new SpdyUpgradeException(0, $"the streaming server closed the connection before answering the upgrade{(length > 0 ? $" (got '{partial}')" : string.Empty)}");
            }
            length += read;
        }
    }

    private sealed record Answer(int StatusCode, string Reason, ILookup<string, string> Headers)
    {
        public int? ContentLength =>
            int.TryParse(Headers["Content-Length"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

        public IReadOnlyList<string> Values(string name) => [.. Headers[name]];

        public static Answer Parse(string head)
        {
            var lines = head.Split("\r\n");
            // "HTTP/1.1 101 Switching Protocols"
            var status = lines[0].Split(' ', 3);
            if (status.Length < 2 || !status[0].StartsWith("HTTP/", StringComparison.Ordinal)
                || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                throw new SpdyUpgradeException(0, $"the streaming server's answer is not HTTP: '{lines[0]}'");
            }
            var headers = lines.Skip(1)
                .Select(line => line.Split(':', 2))
                .Where(parts => parts.Length == 2)
                .ToLookup(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
            return new Answer(code, status.Length > 2 ? status[2] : string.Empty, headers);
        }
    }
}
