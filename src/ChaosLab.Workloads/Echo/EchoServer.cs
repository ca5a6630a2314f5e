using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace ChaosLab.Workloads.Echo;

/// <summary>
/// `chaoslab/echo`: an HTTP server that answers every path with JSON naming the pod, its namespace,
/// node and IP, and the client — so scenarios see which backend a Service picked. `/healthz` is
/// always 200; `/ready` is 503 while the unready file exists, so a scenario can flip readiness with
/// `touch`. A small HTTP/1.1 server on a socket rather than ASP.NET's host: pods start in bulk in
/// scenarios, and this one listens about 0.1 s after exec where the host took over a second on a node.
/// </summary>
public sealed class EchoServer : IAsyncDisposable
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private readonly EchoSettings _settings;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<EchoConnection, Task> _connections = new();
    private Task _acceptLoop = Task.CompletedTask;

    private EchoServer(EchoSettings settings, Socket listener)
    {
        _settings = settings;
        _listener = listener;
        var bound = (IPEndPoint)listener.LocalEndPoint!;
        Url = $"http://{bound}";
    }

    /// <summary>http://ADDRESS:PORT the server listens on (the real port when 0 was asked for).</summary>
    public string Url { get; }

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        EchoSettings settings;
        try
        {
            settings = ApplyArguments(EchoSettings.FromEnvironment(), args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"chaoslab/echo: {ex.Message}");
            return 2;
        }
        EchoServer server;
        try
        {
            server = Start(settings);
        }
        catch (SocketException ex)
        {
            await Console.Error.WriteLineAsync($"chaoslab/echo: cannot listen on {settings.ListenAddress}:{settings.Port}: {ex.Message}");
            return 1;
        }
        await using (server)
        {
            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
            await Console.Out.WriteLineAsync($"chaoslab/echo: pod {settings.Pod} listening on {server.Url}");
            await stop.Task;
            // SIGTERM is a graceful stop: no new connections, requests in flight finish.
            await server.StopAsync(ShutdownGrace);
        }
        await Console.Out.WriteLineAsync("chaoslab/echo: stopped");
        return 0;
    }

    /// <summary>Binds and starts accepting. A port of 0 picks a free one (see <see cref="Url"/>).</summary>
    public static EchoServer Start(EchoSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var address = IPAddress.Parse(settings.ListenAddress);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(address, settings.Port));
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        var server = new EchoServer(settings, listener);
        server._acceptLoop = Task.Run(server.AcceptLoopAsync);
        return server;
    }

    /// <summary>Stops accepting, lets requests in flight finish within <paramref name="grace"/>, then closes every connection.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }
        _listener.Dispose();
        await _acceptLoop;
        var all = Task.WhenAll(_connections.Values);
        if (await Task.WhenAny(all, Task.Delay(grace)) != all)
        {
            foreach (var connection in _connections.Keys)
            {
                connection.Abort();
            }
        }
        try
        {
            await all;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // Connections cut at the end of the grace period.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }
                continue;
            }
            var connection = new EchoConnection(socket);
            _connections[connection] = Task.Run(async () =>
            {
                try
                {
                    await ServeAsync(connection);
                }
                finally
                {
                    connection.Dispose();
                    _connections.TryRemove(connection, out _);
                }
            });
        }
    }

    /// <summary>One connection: requests one after another (keep-alive) until the client closes, asks to, or idles out.</summary>
    private async Task ServeAsync(EchoConnection connection)
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                idle.CancelAfter(IdleTimeout);
                var request = await connection.ReadRequestAsync(idle.Token);
                if (request is null)
                {
                    return;
                }
                var (status, contentType, body) = request.Error is { } error
                    ? (error, "text/plain; charset=utf-8", $"bad request: {HttpRequestHead.Reason(error)}\n")
                    : Answer(request, connection.RemoteEndPoint);
                var close = request.Error is not null || !request.KeepAlive || _stopping.IsCancellationRequested;
                await connection.WriteResponseAsync(status, contentType, request.Method == "HEAD" ? null : body, close);
                if (_settings.LogRequests)
                {
                    await Console.Out.WriteLineAsync($"{request.Method} {request.Path} from {connection.RemoteEndPoint} -> {status}");
                }
                if (close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, idled out, or the server is stopping.
        }
    }

    private (int Status, string ContentType, string Body) Answer(HttpRequestHead request, string client) => request.Path switch
    {
        "/healthz" => (200, "text/plain; charset=utf-8", "ok"),
        "/ready" when File.Exists(_settings.UnreadyFile) => (503, "text/plain; charset=utf-8", $"not ready: {_settings.UnreadyFile} exists"),
        "/ready" => (200, "text/plain; charset=utf-8", "ready"),
        _ => (200, "application/json; charset=utf-8", JsonSerializer.Serialize(
            new EchoReply(_settings.Pod, _settings.Namespace, _settings.Node, _settings.PodIp, client, request.Path, DateTimeOffset.UtcNow),
            EchoJsonContext.Default.EchoReply)),
    };

    private static EchoSettings ApplyArguments(EchoSettings settings, string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--port" && i + 1 < args.Length && int.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
            {
                settings = settings with { Port = port };
                i++;
                continue;
            }
            throw new ArgumentException($"unexpected argument '{args[i]}'; chaoslab/echo takes only --port N (or env PORT)");
        }
        return settings;
    }

    /// <summary>The socket of one client with the bytes read past the last request.</summary>
    private sealed class EchoConnection(Socket socket) : IDisposable
    {
        private const int MaxHeadBytes = 16 * 1024;
        private readonly NetworkStream _stream = new(socket, ownsSocket: true);
        private byte[] _buffer = new byte[4096];
        private int _start;
        private int _end;

        public string RemoteEndPoint { get; } = socket.RemoteEndPoint is IPEndPoint ep
            ? new IPEndPoint(ep.Address.IsIPv4MappedToIPv6 ? ep.Address.MapToIPv4() : ep.Address, ep.Port).ToString()
            : "";

        /// <summary>The next request's head (its body read and dropped), or null when the client closed between requests.</summary>
        public async Task<HttpRequestHead?> ReadRequestAsync(CancellationToken ct)
        {
            int headEnd;
            while ((headEnd = HeadEnd()) < 0)
            {
                if (_end - _start >= MaxHeadBytes)
                {
                    return HttpRequestHead.Failed(431);
                }
                if (_end == _buffer.Length)
                {
                    Compact();
                }
                var read = await _stream.ReadAsync(_buffer.AsMemory(_end), ct);
                if (read == 0)
                {
                    return _end == _start ? null : HttpRequestHead.Failed(400);
                }
                _end += read;
            }
            var head = HttpRequestHead.Parse(Encoding.Latin1.GetString(_buffer, _start, headEnd - _start));
            _start = headEnd + 4;
            if (head.Error is null)
            {
                await SkipBodyAsync(head.ContentLength, ct);
            }
            return head;
        }

        public async Task WriteResponseAsync(int status, string contentType, string? body, bool close)
        {
            var payload = body is null ? [] : Encoding.UTF8.GetBytes(body);
            var length = body is null ? 0 : payload.Length;
            var head = $"HTTP/1.1 {status} {HttpRequestHead.Reason(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {length}\r\n" +
                (close ? "Connection: close\r\n" : "") + "\r\n";
            await _stream.WriteAsync(Encoding.Latin1.GetBytes(head));
            if (payload.Length > 0)
            {
                await _stream.WriteAsync(payload);
            }
        }

        /// <summary>Cuts the connection now (end of the shutdown grace).</summary>
        public void Abort() => socket.Close(0);

        public void Dispose() => _stream.Dispose();

        private int HeadEnd() => _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8) is var i and >= 0 ? _start + i : -1;

        private async Task SkipBodyAsync(long length, CancellationToken ct)
        {
            var buffered = Math.Min(length, _end - _start);
            _start += (int)buffered;
            length -= buffered;
            while (length > 0)
            {
                var read = await _stream.ReadAsync(_buffer.AsMemory(0, (int)Math.Min(length, _buffer.Length)), ct);
                if (read == 0)
                {
                    throw new IOException("the client closed the connection inside a request body");
                }
                length -= read;
            }
            if (_start == _end)
            {
                _start = _end = 0;
            }
        }

        private void Compact()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }
    }
}
