using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using k8s.Models;

namespace ChaosLab.Dns.Records;

/// <summary>
/// The cluster domain as upstream's DNS specification for Kubernetes lays it out (what kube-dns and CoreDNS's
/// kubernetes plugin serve), answered from one snapshot of Services and EndpointSlices:
/// <list type="bullet">
/// <item>SVC.NS.svc.DOMAIN: A/AAAA of the ClusterIP; of a headless Service, of its ready endpoints; CNAME of an ExternalName.</item>
/// <item>_PORT._PROTO.SVC.NS.svc.DOMAIN: SRV per named port (to the Service name, or to each endpoint of a headless one).</item>
/// <item>HOST.SVC.NS.svc.DOMAIN: an endpoint of a headless Service by its hostname (StatefulSet pods) or dashed address.</item>
/// <item>A-B-C-D.NS.pod.DOMAIN: the address in the name, unchecked ("pods insecure", CoreDNS's default in kubeadm).</item>
/// </list>
/// A name under the domain that matches nothing is NXDOMAIN, a name that exists without the asked type is NODATA, both
/// with the zone's SOA for negative caching; a name outside the domain is REFUSED. Immutable: rebuilt on changes.
/// </summary>
public sealed class ClusterDnsZone
{
    /// <summary>CoreDNS's kubernetes plugin's default TTL, in seconds.</summary>
    public const int DefaultTtl = 5;

    private const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly DomainName _domain;
    private readonly int _ttl;
    private readonly Dictionary<(string Namespace, string Name), V1Service> _services = [];
    private readonly Dictionary<(string Namespace, string Name), List<V1EndpointSlice>> _slices = [];
    private readonly HashSet<string> _namespaces = new(StringComparer.Ordinal);

    public ClusterDnsZone(string clusterDomain, IEnumerable<V1Service> services, IEnumerable<V1EndpointSlice> slices, int ttl = DefaultTtl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterDomain);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(slices);
        _domain = DomainName.Parse(clusterDomain.Trim('.').ToLowerInvariant());
        _ttl = ttl;
        foreach (var service in services)
        {
            if (service.Metadata?.Name is { } name && service.Metadata.NamespaceProperty is { } ns)
            {
                _services[(ns, name.ToLowerInvariant())] = service;
                _namespaces.Add(ns);
            }
        }
        foreach (var slice in slices)
        {
            if (slice.Metadata?.Labels?.TryGetValue(ServiceNameLabel, out var service) == true && slice.Metadata.NamespaceProperty is { } ns)
            {
                var key = (ns, service.ToLowerInvariant());
                if (!_slices.TryGetValue(key, out var list))
                {
                    _slices[key] = list = [];
                }
                list.Add(slice);
            }
        }
    }

    public DomainName Domain => _domain;

    public int ServiceCount => _services.Count;

    /// <summary>The zone's SOA, as CoreDNS writes it: ns.dns.DOMAIN, hostmaster.DOMAIN, minimum TTL the record TTL.</summary>
    public SoaRecord Soa => new(_domain, _ttl, DomainName.Parse("ns.dns." + _domain), DomainName.Parse("hostmaster." + _domain),
        (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 7200, 1800, 86400, _ttl);

    public DnsLookupResult Lookup(DomainName name, RecordType type)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.IsEqualOrSubDomainOf(_domain))
        {
            return DnsLookupResult.Refused;
        }
        var labels = name.Labels.Take(name.LabelCount - _domain.LabelCount).Select(l => l.ToLowerInvariant()).ToArray();
        if (labels.Length == 0)
        {
            return type is RecordType.Soa or RecordType.Any ? Answer([Soa]) : NoData();
        }
        return labels[^1] switch
        {
            "svc" => LookupService(name, labels[..^1], type),
            "pod" => LookupPod(name, labels[..^1], type),
            _ => NxDomain(),
        };
    }

    private DnsLookupResult LookupService(DomainName name, string[] labels, RecordType type)
    {
        switch (labels.Length)
        {
            case 0:
                return NoData();
            case 1:
                return _namespaces.Contains(labels[0]) ? NoData() : NxDomain();
            case 2:
                return _services.TryGetValue((labels[1], labels[0]), out var service) ? ServiceRecords(name, service, type) : NxDomain();
            case 3 when _services.TryGetValue((labels[2], labels[1]), out var owner) && IsHeadless(owner):
                return EndpointRecords(name, owner, labels[0], type);
            case 4 when labels[0].StartsWith('_') && labels[1].StartsWith('_') && _services.TryGetValue((labels[3], labels[2]), out var srvService):
                return PortRecords(name, srvService, labels[0][1..], labels[1][1..], type);
            default:
                return NxDomain();
        }
    }

    private DnsLookupResult ServiceRecords(DomainName name, V1Service service, RecordType type)
    {
        if (service.Spec?.Type == "ExternalName")
        {
            // The target is outside the cluster: answer the alias only, and resolve nothing further (no forwarding).
            return service.Spec.ExternalName is { Length: > 0 } target
                ? Answer([new CNameRecord(name, _ttl, DomainName.Parse(target.TrimEnd('.')))])
                : NoData();
        }
        if (type == RecordType.Srv)
        {
            var records = (service.Spec?.Ports ?? [])
                .Where(p => !string.IsNullOrEmpty(p.Name))
                .Select(p => (DnsRecordBase)new SrvRecord(name, _ttl, 0, 100, (ushort)p.Port, name))
                .ToList();
            return records.Count > 0 ? Answer(records) : NoData();
        }
        var addresses = IsHeadless(service) ? ReadyEndpoints(service).Select(e => e.Address) : ClusterIps(service);
        return AddressAnswer(name, addresses, type);
    }

    private DnsLookupResult EndpointRecords(DomainName name, V1Service service, string endpointLabel, RecordType type)
    {
        var matching = ReadyEndpoints(service).Where(e => e.Label == endpointLabel).Select(e => e.Address).ToList();
        return matching.Count == 0 ? NxDomain() : AddressAnswer(name, matching, type);
    }

    private DnsLookupResult PortRecords(DomainName name, V1Service service, string portName, string protocol, RecordType type)
    {
        var serviceName = DomainName.Parse($"{service.Metadata.Name}.{service.Metadata.NamespaceProperty}.svc.{_domain}".ToLowerInvariant());
        if (!IsHeadless(service))
        {
            var port = (service.Spec?.Ports ?? []).FirstOrDefault(p => Matches(p.Name, p.Protocol, portName, protocol));
            if (port is null)
            {
                return NxDomain();
            }
            return type is RecordType.Srv or RecordType.Any
                ? Answer([new SrvRecord(name, _ttl, 0, 100, (ushort)port.Port, serviceName)], AddressRecords(serviceName, ClusterIps(service), RecordType.Any))
                : NoData();
        }
        var answers = new List<DnsRecordBase>();
        var additional = new List<DnsRecordBase>();
        foreach (var (endpoint, slice) in ReadyEndpointsWithSlices(service))
        {
            if (slice.Ports?.FirstOrDefault(p => Matches(p.Name, p.Protocol, portName, protocol)) is { Port: { } portNumber })
            {
                var target = DomainName.Parse($"{endpoint.Label}.{serviceName}");
                answers.Add(new SrvRecord(name, _ttl, 0, 100, (ushort)portNumber, target));
                additional.AddRange(AddressRecords(target, [endpoint.Address], RecordType.Any));
            }
        }
        if (answers.Count == 0)
        {
            return NxDomain();
        }
        return type is RecordType.Srv or RecordType.Any ? Answer(answers, additional) : NoData();
    }

    private DnsLookupResult LookupPod(DomainName name, string[] labels, RecordType type)
    {
        // A-B-C-D.NS.pod.DOMAIN; an IPv6 address has its colons as dashes.
        if (labels.Length != 2)
        {
            return labels.Length == 0 || (labels.Length == 1 && _namespaces.Contains(labels[0])) ? NoData() : NxDomain();
        }
        var text = labels[0].Contains("--", StringComparison.Ordinal) || labels[0].Count(c => c == '-') > 3
            ? labels[0].Replace('-', ':')
            : labels[0].Replace('-', '.');
        if (!IPAddress.TryParse(text, out var address) || Dashed(address) != labels[0])
        {
            return NxDomain();
        }
        return AddressAnswer(name, [address], type);
    }

    private DnsLookupResult AddressAnswer(DomainName name, IEnumerable<IPAddress> addresses, RecordType type) =>
        AddressRecords(name, addresses, type) is { Count: > 0 } records ? Answer(records) : NoData();

    private List<DnsRecordBase> AddressRecords(DomainName name, IEnumerable<IPAddress> addresses, RecordType type)
    {
        var records = new List<DnsRecordBase>();
        foreach (var address in addresses.Distinct())
        {
            if (address.AddressFamily == AddressFamily.InterNetwork && type is RecordType.A or RecordType.Any)
            {
                records.Add(new ARecord(name, _ttl, address));
            }
            else if (address.AddressFamily == AddressFamily.InterNetworkV6 && type is RecordType.Aaaa or RecordType.Any)
            {
                records.Add(new AaaaRecord(name, _ttl, address));
            }
        }
        return records;
    }

    private static IEnumerable<IPAddress> ClusterIps(V1Service service)
    {
        var ips = service.Spec?.ClusterIPs is { Count: > 0 } many ? many : [service.Spec?.ClusterIP];
        foreach (var ip in ips)
        {
            if (IPAddress.TryParse(ip, out var address))
            {
                yield return address;
            }
        }
    }

    private static bool IsHeadless(V1Service service) =>
        service.Spec?.Type != "ExternalName" && string.Equals(service.Spec?.ClusterIP, "None", StringComparison.Ordinal);

    private IEnumerable<(string Label, IPAddress Address)> ReadyEndpoints(V1Service service) =>
        ReadyEndpointsWithSlices(service).Select(e => e.Endpoint);

    /// <summary>Ready endpoints (unknown readiness counts as ready, as upstream says), or all with publishNotReadyAddresses.</summary>
    private IEnumerable<((string Label, IPAddress Address) Endpoint, V1EndpointSlice Slice)> ReadyEndpointsWithSlices(V1Service service)
    {
        if (!_slices.TryGetValue((service.Metadata.NamespaceProperty, service.Metadata.Name.ToLowerInvariant()), out var slices))
        {
            yield break;
        }
        var publishNotReady = service.Spec?.PublishNotReadyAddresses == true;
        foreach (var slice in slices)
        {
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                if (!publishNotReady && endpoint.Conditions?.Ready == false)
                {
                    continue;
                }
                foreach (var text in endpoint.Addresses ?? [])
                {
                    if (IPAddress.TryParse(text, out var address))
                    {
                        var label = endpoint.Hostname is { Length: > 0 } hostname ? hostname.ToLowerInvariant() : Dashed(address);
                        yield return ((label, address), slice);
                    }
                }
            }
        }
    }

    private static bool Matches(string? name, string? protocol, string wantedName, string wantedProtocol) =>
        string.Equals(name, wantedName, StringComparison.OrdinalIgnoreCase)
        && string.Equals(protocol ?? "TCP", wantedProtocol, StringComparison.OrdinalIgnoreCase);

    /// <summary>An address as a DNS label: dots (IPv4) or colons (IPv6) as dashes.</summary>
    public static string Dashed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.ToString().Replace('.', '-').Replace(':', '-');
    }

    private static DnsLookupResult Answer(List<DnsRecordBase> answers, List<DnsRecordBase>? additional = null) =>
        new(ReturnCode.NoError, answers, [], additional ?? []);

    private DnsLookupResult NoData() => new(ReturnCode.NoError, [], [Soa], []);

    private DnsLookupResult NxDomain() => new(ReturnCode.NxDomain, [], [Soa], []);
}
