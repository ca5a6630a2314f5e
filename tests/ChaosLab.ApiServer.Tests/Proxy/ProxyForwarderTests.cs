using System.Net;
using System.Net.Sockets;
using System.Text;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Proxy;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Tests.Proxy;

/// <summary>The forwarder against a one-shot HTTP backend on loopback that records the request it gets and answers what it is told.</summary>
[Category("Unit")]
public sealed class ProxyForwarderTests
{
    private const string Prefix = "/api/v1/namespaces/a/pods/web:8080/proxy";

    [Test]
    public async Task Method_path_query_headers_and_body_reach_the_backend()
    {
        using var backend = new OneShotBackend("HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nX-Backend: yes\r\nConnection: close\r\n\r\nok");
        var context = Context("PUT", "/things/1", "?dryRun=All&x=%20y", "{\"a\":1}");
        context.Request.Headers.Authorization = "Bearer secret";
        context.Request.Headers["X-Custom"] = "custom";

        await Forward(context, backend, "/things/1");

        var request = await backend.RequestAsync;
        Assert.That(request, Does.StartWith("PUT /things/1?dryRun=All&x=%20y HTTP/1.1\r\n"));
        Assert.That(request, Does.Contain("X-Custom: custom\r\n").And.Contain("Content-Type: application/json\r\n").And.Contain($"X-Forwarded-Uri: {Prefix}/things/1\r\n"));
        Assert.That(request, Does.Not.Contain("secret"));
        Assert.That(request, Does.EndWith("\r\n\r\n{\"a\":1}"));
        Assert.That(context.Response.StatusCode, Is.EqualTo(201));
        Assert.That(((string?)context.Response.Headers["X-Backend"], (string?)context.Response.Headers.Connection), Is.EqualTo(("yes", (string?)null)));
        Assert.That(Body(context), Is.EqualTo("ok"));
    }

    [Test]
    public async Task A_chunked_answer_is_streamed_back_and_a_redirect_comes_back_through_the_proxy()
    {
        using var backend = new OneShotBackend(
            "HTTP/1.1 302 Found\r\nLocation: /login\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        var context = Context("GET", "/", "", null);

        await Forward(context, backend, "/");

        Assert.That((await backend.RequestAsync), Does.StartWith("GET / HTTP/1.1\r\n"));
        Assert.That((context.Response.StatusCode, (string?)context.Response.Headers.Location), Is.EqualTo((302, Prefix + "/login")));
        Assert.That((string?)context.Response.Headers["Transfer-Encoding"], Is.Null);
        Assert.That(Body(context), Is.EqualTo("hello world"));
    }

    [Test]
    public async Task A_HEAD_gets_the_headers_only()
    {
        using var backend = new OneShotBackend("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n");
        var context = Context("HEAD", "/x", "", null);

        await Forward(context, backend, "/x");

        Assert.That((context.Response.StatusCode, context.Response.ContentLength, Body(context)), Is.EqualTo((200, 5L, "")));
    }

    [Test]
    public void A_backend_that_cannot_be_reached_is_503()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());

        var error = Assert.ThrowsAsync<ApiException>(() =>
            ProxyForwarder.ForwardAsync(Context("GET", "/", "", null), new ProxyLocation("http", "127.0.0.1", port), invoker, Prefix, "/", CancellationToken.None))!;

        Assert.That((error.Code, error.Reason), Is.EqualTo((503, "ServiceUnavailable")));
        Assert.That(error.Message, Does.StartWith("error trying to reach service: "));
    }

    private static async Task Forward(DefaultHttpContext context, OneShotBackend backend, string backendPath)
    {
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
        await ProxyForwarder.ForwardAsync(context, new ProxyLocation("http", "127.0.0.1", backend.Port), invoker, Prefix, backendPath, CancellationToken.None);
    }

    private static DefaultHttpContext Context(string method, string path, string query, string? body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = Prefix + path;
        context.Request.QueryString = new QueryString(query);
        context.Request.Host = new HostString("127.0.0.1:8001");
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(DefaultHttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    /// <summary>Accepts one connection, reads one request (head and Content-Length body), writes the canned answer, closes.</summary>
    private sealed class OneShotBackend : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

        public OneShotBackend(string answer)
        {
            _listener.Start();
            RequestAsync = ServeAsync(answer);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public Task<string> RequestAsync { get; }

        private async Task<string> ServeAsync(string answer)
        {
            using var client = await _listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var received = new StringBuilder();
            var buffer = new byte[8192];
            while (true)
            {
                var text = received.ToString();
                var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (headEnd >= 0)
                {
                    var length = text[..headEnd].Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                        .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                    if (text.Length >= headEnd + 4 + length)
                    {
                        break;
                    }
                }
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }
                received.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
            await stream.WriteAsync(Encoding.Latin1.GetBytes(answer));
            return received.ToString();
        }

        public void Dispose() => _listener.Stop();
    }
}
