using System.Security.Cryptography.X509Certificates;
using Etcdserverpb;
using Grpc.Core;
using Grpc.Net.Client;

namespace ChaosLab.ApiServer.Storage;

/// <summary>
/// gRPC channels to every etcd member, over TLS with the API server's etcd client certificate. Calls go
/// to the current member; when it is unreachable the next one takes over, so one dead member costs one
/// retry, not an outage.
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

    private GrpcChannel Channel => _channels[Volatile.Read(ref _current) % _channels.Length];

    /// <summary>Runs a call; on an unreachable member, moves to the next one and tries again (once per member).</summary>
    public async Task<T> CallAsync<T>(Func<GrpcChannel, Task<T>> call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var attempt = 0; ; attempt++)
        {
            var index = Volatile.Read(ref _current);
            try
            {
                return await call(_channels[index % _channels.Length]);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && attempt < _channels.Length - 1 && !ct.IsCancellationRequested)
            {
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
