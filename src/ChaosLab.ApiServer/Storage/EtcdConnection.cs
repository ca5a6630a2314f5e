using System.Security.Cryptography.X509Certificates;
using Etcdserverpb;
using Grpc.Core;
using Grpc.Net.Client;

namespace ChaosLab.ApiServer.Storage;

/// <summary>
/// gRPC channels to every etcd member, over TLS with the API server's etcd client certificate. Calls go
/// to the first endpoint (the node's own member, stacked) while it answers; when the current member is
/// unreachable the next one takes over, so one dead member costs one retry, not an outage. Calls return
/// to the first endpoint once it has been left alone for <see cref="PreferredRetryAfter"/>: otherwise a
/// server that moved away once (its member started late) stayed on a remote member for good, and the
/// loss of that member's node stalled it for seconds.
/// </summary>
public sealed class EtcdConnection : IDisposable
{
    private readonly GrpcChannel[] _channels;
    private int _current;

    public EtcdConnection(IReadOnlyList<string> endpoints, string caFile, string certFile, string keyFile)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
        var clientCert = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        _channels = endpoints.Select(endpoint =>
        {
            var handler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                KeepAlivePingDelay = TimeSpan.FromSeconds(5),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(3),
                ConnectTimeout = TimeSpan.FromSeconds(2),
            };
            handler.SslOptions.ClientCertificates = [clientCert];
            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { ca },
                RevocationMode = X509RevocationMode.NoCheck,
            };
            return GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions { HttpHandler = handler, MaxReceiveMessageSize = 64 * 1024 * 1024 });
        }).ToArray();
        Endpoints = endpoints;
    }

    public IReadOnlyList<string> Endpoints { get; }

    public KV.KVClient Kv => new(Channel);

    public Watch.WatchClient Watch => new(Channel);

    public Maintenance.MaintenanceClient Maintenance => new(Channel);

    public static readonly TimeSpan PreferredRetryAfter = TimeSpan.FromSeconds(5);

    private long _preferredDownUntil;

    private GrpcChannel Channel => _channels[CurrentIndex() % _channels.Length];

    /// <summary>The member to call now: the first endpoint unless it failed within <see cref="PreferredRetryAfter"/>.</summary>
    private int CurrentIndex()
    {
        if (Volatile.Read(ref _current) % _channels.Length != 0 && Environment.TickCount64 >= Interlocked.Read(ref _preferredDownUntil))
        {
            Volatile.Write(ref _current, 0);
        }
        return Volatile.Read(ref _current);
    }

    /// <summary>Runs a call; on an unreachable member, moves to the next one and tries again (once per member).</summary>
    public async Task<T> CallAsync<T>(Func<GrpcChannel, Task<T>> call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var attempt = 0; ; attempt++)
        {
            var index = CurrentIndex();
            try
            {
                return await call(_channels[index % _channels.Length]);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && attempt < _channels.Length - 1 && !ct.IsCancellationRequested)
            {
                if (index % _channels.Length == 0)
                {
                    Interlocked.Exchange(ref _preferredDownUntil, Environment.TickCount64 + (long)PreferredRetryAfter.TotalMilliseconds);
                }
                Interlocked.CompareExchange(ref _current, index + 1, index);
            }
        }
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
