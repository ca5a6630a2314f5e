using System.Globalization;
using System.Net.Sockets;
using Grpc.Core;

namespace ChaosLab.Cri;

/// <summary>
/// A failed CRI call, with a message that says which RPC failed and why, e.g.
/// <c>CRI RunPodSandbox: Unavailable: connection refused on /run/containerd/containerd.sock</c>.
/// The <see cref="RpcException"/> it came from is the inner exception.
/// </summary>
public sealed class CriException : Exception
{
    public CriException(string rpc, StatusCode statusCode, string message, Exception? inner = null)
        : base(message, inner)
    {
        Rpc = rpc;
        StatusCode = statusCode;
    }

    public CriException()
    {
        Rpc = string.Empty;
    }

    public CriException(string message)
        : base(message)
    {
        Rpc = string.Empty;
    }

    public CriException(string message, Exception innerException)
        : base(message, innerException)
    {
        Rpc = string.Empty;
    }

    /// <summary>The RPC's method name, e.g. <c>RunPodSandbox</c>.</summary>
    public string Rpc { get; }

    public StatusCode StatusCode { get; }

    /// <summary>The runtime does not know the sandbox, container or image: removal is already done.</summary>
    public bool IsNotFound => StatusCode == StatusCode.NotFound;

    /// <summary>The runtime could not be reached (not running, socket missing, connection dropped).</summary>
    public bool IsUnavailable => StatusCode == StatusCode.Unavailable;

    public bool IsDeadlineExceeded => StatusCode == StatusCode.DeadlineExceeded;

    /// <summary>
    /// Wraps a failed call. <paramref name="timeout"/> is how long the call was given, when known, so a
    /// deadline failure can say so.
    /// </summary>
    public static CriException FromRpc(string rpc, RpcException error, string socketPath, TimeSpan? timeout)
    {
        ArgumentNullException.ThrowIfNull(error);
        var why = error.StatusCode switch
        {
            StatusCode.Unavailable => $"{TransportReason(error)} on {socketPath}",
            StatusCode.DeadlineExceeded when timeout is { } t => $"no answer within {Describe(t)} on {socketPath}",
            StatusCode.DeadlineExceeded => $"deadline exceeded on {socketPath}",
            _ when string.IsNullOrEmpty(error.Status.Detail) => "(no detail from the runtime)",
            _ => error.Status.Detail,
        };
        return new CriException(rpc, error.StatusCode, $"CRI {rpc}: {error.StatusCode}: {why}", error);
    }

    // Grpc.Net.Client reports every connect failure as "Error connecting to subchannel." and keeps the
    // socket's own error as the status's debug exception; that error is what an operator needs.
    private static string TransportReason(RpcException error)
    {
        for (var inner = error.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.AddressNotAvailable => "no such socket",
                    SocketError.AccessDenied => "permission denied",
                    _ => socket.Message,
                };
            }
        }
        return string.IsNullOrEmpty(error.Status.Detail)
            ? error.Status.DebugException?.Message ?? "unreachable"
            : error.Status.Detail;
    }

    private static string Describe(TimeSpan timeout) => timeout.TotalSeconds >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0.###}s")
        : string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalMilliseconds:0}ms");
}
