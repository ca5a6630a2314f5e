using System.Net;
using ARSoft.Tools.Net.Dns;
using ChaosLab.Client.Informers;
using ChaosLab.Dns.Records;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Dns;

/// <summary>
/// Watches Services and EndpointSlices through informers and answers DNS queries on UDP and TCP from a
/// <see cref="ClusterDnsZone"/> rebuilt lazily on the first query after a change. Ready once both informers have
/// listed; queries before that get SERVFAIL, as CoreDNS's kubernetes plugin answers while it has not synced.
/// </summary>
public sealed class ClusterDnsServer
{
    private readonly DnsOptions _options;
    private readonly DnsMetrics _metrics;
    private readonly ILogger _logger;
    private readonly InformerFactory _informers;
    private readonly Informer<V1Service, V1ServiceList> _services;
    private readonly Informer<V1EndpointSlice, V1EndpointSliceList> _slices;
    private readonly Lock _gate = new();
    private ClusterDnsZone? _zone;
    private int _changed = 1;

    public ClusterDnsServer(DnsOptions options, IKubernetes client, DnsMetrics metrics, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options;
        _metrics = metrics;
        _logger = loggerFactory.CreateLogger("ChaosLab.Dns");
        _informers = new InformerFactory(client, TimeSpan.Zero, InformerOptions.Fast, loggerFactory);
        _services = _informers.Services();
        _slices = _informers.EndpointSlices();
        _services.AddEventHandler(_ => Changed(), (_, _) => Changed(), _ => Changed());
        _slices.AddEventHandler(_ => Changed(), (_, _) => Changed(), _ => Changed());
    }

    public bool Ready => _services.HasSynced && _slices.HasSynced;

    public async Task RunAsync(CancellationToken ct)
    {
        var informers = _informers.Start(ct);
        using var server = new DnsServer(new UdpServerTransport(IPAddress.Any, _options.DnsPort), new TcpServerTransport(IPAddress.Any, _options.DnsPort, 5000));
        server.QueryReceived += OnQueryAsync;
        server.Start();
        _logger.LogInformation("serving {Domain} on port {Port} (UDP and TCP); names outside it are refused", _options.ClusterDomain, _options.DnsPort);
        try
        {
            await _informers.WaitForCacheSyncAsync(ct);
            _logger.LogInformation("caches synced: {Services} services, {Slices} endpoint slices; ready", _services.Cache.Count, _slices.Cache.Count);
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        server.Stop();
        await informers;
    }

    private Task OnQueryAsync(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is not DnsMessage query)
        {
            return Task.CompletedTask;
        }
        var response = query.CreateResponseInstance();
        response.IsAuthoritiveAnswer = true;
        response.IsRecursionAllowed = false;
        var proto = e.TransportProtocol == TransportProtocol.Tcp ? "tcp" : "udp";
        if (query.Questions.Count != 1)
        {
            response.ReturnCode = ReturnCode.FormatError;
        }
        else if (Zone() is not { } zone)
        {
            response.ReturnCode = ReturnCode.ServerFailure;
        }
        else
        {
            var question = query.Questions[0];
            _metrics.RecordRequest(proto, question.RecordType.ToString().ToUpperInvariant());
            var result = question.RecordClass is RecordClass.INet or RecordClass.Any
                ? zone.Lookup(question.Name, question.RecordType)
                : DnsLookupResult.Refused;
            response.ReturnCode = result.Code;
            response.AnswerRecords.AddRange(result.Answers);
            response.AuthorityRecords.AddRange(result.Authority);
            response.AdditionalRecords.AddRange(result.Additional);
        }
        _metrics.RecordResponse(RcodeName(response.ReturnCode));
        e.Response = response;
        return Task.CompletedTask;
    }

    private ClusterDnsZone? Zone()
    {
        if (!Ready)
        {
            return null;
        }
        lock (_gate)
        {
            // Reset before reading the caches: a change during the build marks the next query to build again.
            if (Interlocked.Exchange(ref _changed, 0) == 1 || _zone is null)
            {
                _zone = new ClusterDnsZone(_options.ClusterDomain, _services.Cache.List(), _slices.Cache.List(), _options.Ttl);
                _metrics.RecordZoneBuilt(_zone.ServiceCount);
            }
            return _zone;
        }
    }

    private void Changed() => Volatile.Write(ref _changed, 1);

    private static string RcodeName(ReturnCode code) => code switch
    {
        ReturnCode.NoError => "NOERROR",
        ReturnCode.NxDomain => "NXDOMAIN",
        ReturnCode.Refused => "REFUSED",
        ReturnCode.ServerFailure => "SERVFAIL",
        ReturnCode.FormatError => "FORMERR",
        _ => code.ToString().ToUpperInvariant(),
    };
}
