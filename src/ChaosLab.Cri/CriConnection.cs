using System.Net.Sockets;
using ChaosLab.Cri.V1;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace ChaosLab.Cri;

/// <summary>
/// One gRPC channel to a container runtime's unix socket (plain HTTP/2, no TLS) and the two CRI v1
/// clients on it. Every call gets <see cref="CriConnectionOptions.CallTimeout"/> unless it brings its own
/// deadline, and fails with a <see cref="CriException"/> that names the RPC, the status and the socket.
/// The channel connects lazily: constructing this never touches the socket.
/// </summary>
public sealed class CriConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    public CriConnection(CriConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var socketPath = options.SocketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (_, ct) => ConnectAsync(socketPath, ct),
            // A local socket has no proxy, and a runtime restart should be noticed on the next call, not
            // after a pooled connection idles out.
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        };
        // The host part is only the HTTP/2 :authority; the connection itself goes to socketPath.
        _channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = options.MaxMessageBytes,
            MaxSendMessageSize = options.MaxMessageBytes,
        });
        var invoker = _channel.Intercept(new CriCallInterceptor(socketPath, options.CallTimeout));
        Runtime = new RuntimeService.RuntimeServiceClient(invoker);
        Images = new ImageService.ImageServiceClient(invoker);
    }

    /// <summary>A connection to containerd's socket with default timings.</summary>
    public CriConnection()
        : this(new CriConnectionOptions())
    {
    }

    public CriConnectionOptions Options { get; }

    /// <summary>Pod sandboxes, containers, exec/attach/port-forward, stats and runtime status.</summary>
    public RuntimeService.RuntimeServiceClient Runtime { get; }

    /// <summary>Image pull, list, status and removal, and the image filesystem's usage.</summary>
    public ImageService.ImageServiceClient Images { get; }

    public void Dispose() => _channel.Dispose();

    private static async ValueTask<Stream> ConnectAsync(string socketPath, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
