namespace ChaosLab.ApiServer.Proxy;

/// <summary>
/// Which headers cross the proxy, as Go's reverse proxy and upstream's proxy transport decide: hop-by-hop headers (and
/// those the Connection header names) stay on their hop both ways; the client's credentials and impersonation headers,
/// which the API server consumed, never reach the backend; the backend's CORS headers never reach the client; a
/// redirect to the backend itself is rewritten to come back through the proxy path.
/// </summary>
public static class ProxyHeaders
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    private static readonly HashSet<string> Consumed = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Impersonate-User", "Impersonate-Group", "Impersonate-Uid", "Host",
    };

    private static readonly HashSet<string> Cors = new(StringComparer.OrdinalIgnoreCase)
    {
        "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers", "Access-Control-Allow-Methods", "Access-Control-Allow-Origin",
    };

    /// <summary>The client's headers the backend gets, with the client's address appended to X-Forwarded-For and the proxied path as X-Forwarded-Uri.</summary>
    public static IReadOnlyList<KeyValuePair<string, string[]>> ForBackend(IEnumerable<KeyValuePair<string, string[]>> incoming, string? clientAddress, string forwardedUri)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        var headers = incoming.ToList();
        var connection = ConnectionTokens(headers);
        var kept = headers
            .Where(h => !HopByHop.Contains(h.Key) && !connection.Contains(h.Key) && !Consumed.Contains(h.Key)
                && !h.Key.StartsWith("Impersonate-Extra-", StringComparison.OrdinalIgnoreCase)
                && !h.Key.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase)
                && !h.Key.Equals("X-Forwarded-Uri", StringComparison.OrdinalIgnoreCase))
            .ToList();
        var forwardedFor = headers.Where(h => h.Key.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase)).SelectMany(h => h.Value).ToList();
        if (clientAddress is { Length: > 0 })
        {
            forwardedFor.Add(clientAddress);
        }
        if (forwardedFor.Count > 0)
        {
            kept.Add(KeyValuePair.Create("X-Forwarded-For", new[] { string.Join(", ", forwardedFor) }));
        }
        kept.Add(KeyValuePair.Create("X-Forwarded-Uri", new[] { forwardedUri }));
        return kept;
    }

    /// <summary>The backend's response headers the client gets.</summary>
    public static IReadOnlyList<KeyValuePair<string, string[]>> ForClient(IEnumerable<KeyValuePair<string, string[]>> response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.ToList();
        var connection = ConnectionTokens(headers);
        return headers.Where(h => !HopByHop.Contains(h.Key) && !connection.Contains(h.Key) && !Cors.Contains(h.Key)).ToList();
    }

    /// <summary>
    /// A Location the backend answers with, as upstream's proxy transport rewrites it: an absolute path, on the backend's
    /// host (or the host the client asked) or on none, gets the proxy's path in front (unless it already has it) and loses
    /// scheme and host; a relative one or one on another host is left alone.
    /// </summary>
    public static string RewriteLocation(string location, string backendHost, string requestHost, string proxyPrefix)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(proxyPrefix);
        string origin = "", host, path, rest;
        if (Uri.TryCreate(location, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            host = absolute.IsDefaultPort ? absolute.Host : $"{absolute.Host}:{absolute.Port}";
            origin = $"{absolute.Scheme}://{host}";
            path = absolute.AbsolutePath;
            rest = absolute.Query + absolute.Fragment;
        }
        else if (location.StartsWith('/') && !location.StartsWith("//", StringComparison.Ordinal))
        {
            host = "";
            var end = location.IndexOfAny(['?', '#']);
            path = end < 0 ? location : location[..end];
            rest = end < 0 ? "" : location[end..];
        }
        else
        {
            return location;
        }
        if (host.Length > 0 && !host.Equals(backendHost, StringComparison.OrdinalIgnoreCase) && !host.Equals(requestHost, StringComparison.OrdinalIgnoreCase))
        {
            return location;
        }
        // On the backend's host the link loses scheme and host; on the host the client asked it keeps them.
        if (host.Equals(backendHost, StringComparison.OrdinalIgnoreCase) || !host.Equals(requestHost, StringComparison.OrdinalIgnoreCase))
        {
            origin = "";
        }
        return origin + (path.StartsWith(proxyPrefix, StringComparison.Ordinal) ? path : proxyPrefix.TrimEnd('/') + path) + rest;
    }

    private static HashSet<string> ConnectionTokens(IEnumerable<KeyValuePair<string, string[]>> headers) =>
        headers.Where(h => h.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value)
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
