using System.Net;
using ChaosLab.ApiServer.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ChaosLab.ApiServer.Proxy;

/// <summary>
/// Carries one HTTP exchange to a proxied backend and back, as upstream's upgrade-aware handler and reverse proxy do:
/// any method, the query as sent, the request body streamed through, the response's status, headers and body streamed
/// back as they come (flushed, so a stream stays live). A backend that cannot be reached is 503 "error trying to reach
/// service". Headers cross as <see cref="ProxyHeaders"/> says.
/// </summary>
public static class ProxyForwarder
{
    private static readonly HashSet<string> BodyMethods = new(StringComparer.OrdinalIgnoreCase) { "POST", "PUT", "PATCH" };

    /// <param name="proxyPrefix">The request path up to and including ".../proxy": what a backend's redirects are rewritten under.</param>
    /// <param name="backendPath">The path the backend is asked for ("" for none).</param>
    public static async Task ForwardAsync(HttpContext context, ProxyLocation location, HttpMessageInvoker transport, string proxyPrefix, string backendPath, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(transport);
        var incoming = context.Request;
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), location.Uri(backendPath.Length == 0 ? "/" : backendPath, incoming.QueryString.Value ?? ""))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        // HTTP/2 and chunked bodies have no length: the server knows whether a body follows.
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
            ?? (incoming.ContentLength > 0 || incoming.Headers.TransferEncoding.Count > 0);
        if (hasBody)
        {
            request.Content = new StreamContent(incoming.Body);
        }
        else if (BodyMethods.Contains(incoming.Method))
        {
            request.Content = new ByteArrayContent([]);
        }
        var headers = incoming.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.Select(v => v ?? "").ToArray()));
        foreach (var (name, values) in ProxyHeaders.ForBackend(headers, context.Connection.RemoteIpAddress?.ToString(), incoming.PathBase + incoming.Path))
        {
            if (!request.Headers.TryAddWithoutValidation(name, values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values);
            }
        }
        HttpResponseMessage response;
        try
        {
            response = await transport.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw ApiException.Unavailable($"error trying to reach service: {Reason(ex)}");
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw ApiException.Unavailable($"error trying to reach service: {ex.Message}");
        }
        using (response)
        {
            var outgoing = context.Response;
            outgoing.StatusCode = (int)response.StatusCode;
            var answer = response.Headers.Concat(response.Content.Headers).Select(h => KeyValuePair.Create(h.Key, h.Value.ToArray()));
            foreach (var (name, values) in ProxyHeaders.ForClient(answer))
            {
                outgoing.Headers[name] = name.Equals("Location", StringComparison.OrdinalIgnoreCase)
                    ? values.Select(v => ProxyHeaders.RewriteLocation(v, location.Authority, incoming.Host.Value ?? "", proxyPrefix)).ToArray()
                    : values;
            }
            if (HttpMethods.IsHead(incoming.Method))
            {
                return;
            }
            await outgoing.StartAsync(ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[32 * 1024];
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    await outgoing.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                    await outgoing.Body.FlushAsync(ct);
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && !ct.IsCancellationRequested)
            {
                // The backend went away mid-answer: the status is sent, so the client can only see the connection end.
                context.Abort();
            }
        }
    }

    private static string Reason(HttpRequestException ex) =>
        ex.InnerException is { } inner && !string.IsNullOrEmpty(inner.Message) ? $"{ex.Message} ({inner.Message})" : ex.Message;
}
