using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace ChaosLab.Dns;

/// <summary>Request and response counters in the Prometheus text format, under CoreDNS's metric names. Thread-safe.</summary>
public sealed class DnsMetrics
{
    private readonly ConcurrentDictionary<(string Proto, string Type), long> _requests = new();
    private readonly ConcurrentDictionary<string, long> _responses = new(StringComparer.Ordinal);
    private long _syncs;
    private int _services;

    public void RecordRequest(string proto, string type) => _requests.AddOrUpdate((proto, type), 1, (_, n) => n + 1);

    public void RecordResponse(string rcode) => _responses.AddOrUpdate(rcode, 1, (_, n) => n + 1);

    public void RecordZoneBuilt(int services)
    {
        Interlocked.Increment(ref _syncs);
        Volatile.Write(ref _services, services);
    }

    public string Render()
    {
        var text = new StringBuilder();
        Header(text, "coredns_dns_requests_total", "counter", "Counter of DNS requests made per zone, protocol and family.");
        foreach (var ((proto, type), count) in _requests.OrderBy(r => r.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"coredns_dns_requests_total{{server=\"dns://:53\",zone=\".\",proto=\"{proto}\",type=\"{type}\"}} {count}\n");
        }
        Header(text, "coredns_dns_responses_total", "counter", "Counter of response status codes.");
        foreach (var (rcode, count) in _responses.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"coredns_dns_responses_total{{server=\"dns://:53\",zone=\".\",rcode=\"{rcode}\"}} {count}\n");
        }
        Header(text, "chaoslab_dns_zone_builds_total", "counter", "Times the cluster zone was rebuilt from the watched objects.");
        text.Append(CultureInfo.InvariantCulture, $"chaoslab_dns_zone_builds_total {Interlocked.Read(ref _syncs)}\n");
        Header(text, "chaoslab_dns_zone_services", "gauge", "Services in the last zone built.");
        text.Append(CultureInfo.InvariantCulture, $"chaoslab_dns_zone_services {Volatile.Read(ref _services)}\n");
        return text.ToString();
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
}
