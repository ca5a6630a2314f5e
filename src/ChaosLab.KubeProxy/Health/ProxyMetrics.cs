using System.Globalization;
using System.Text;
using ChaosLab.KubeProxy.Rules;

namespace ChaosLab.KubeProxy.Health;

/// <summary>
/// kube-proxy's sync metrics in the Prometheus text format, under upstream's names: the sync duration
/// histogram, the last sync time, rule counts per table and restore failures. Thread-safe.
/// </summary>
public sealed class ProxyMetrics
{
    // Upstream: prometheus.ExponentialBuckets(0.001, 2, 15), 1 ms to ~16 s.
    private static readonly double[] Buckets = [.. Enumerable.Range(0, 15).Select(i => 0.001 * Math.Pow(2, i))];

    private readonly Lock _gate = new();
    private readonly long[] _bucketCounts = new long[Buckets.Length];
    private long _count;
    private double _sum;
    private double _lastDuration;
    private DateTimeOffset? _lastSync;
    private long _failures;
    private ProxyRules? _lastRules;

    public void RecordSync(TimeSpan duration, ProxyRules rules, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(rules);
        lock (_gate)
        {
            Observe(duration.TotalSeconds);
            _lastSync = at;
            _lastRules = rules;
        }
    }

    public void RecordFailure(TimeSpan duration)
    {
        lock (_gate)
        {
            Observe(duration.TotalSeconds);
            _failures++;
        }
    }

    public string Render()
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            const string duration = "kubeproxy_sync_proxy_rules_duration_seconds";
            Header(text, duration, "histogram", "SyncProxyRules latency in seconds");
            for (var i = 0; i < Buckets.Length; i++)
            {
                // Counts are cumulative already: Observe adds to every bucket at or above the value.
                text.Append(CultureInfo.InvariantCulture, $"{duration}_bucket{{le=\"{Number(Buckets[i])}\"}} {_bucketCounts[i]}\n");
            }
            text.Append(CultureInfo.InvariantCulture, $"{duration}_bucket{{le=\"+Inf\"}} {_count}\n");
            text.Append(CultureInfo.InvariantCulture, $"{duration}_sum {Number(_sum)}\n");
            text.Append(CultureInfo.InvariantCulture, $"{duration}_count {_count}\n");

            Gauge(text, "kubeproxy_sync_proxy_rules_last_duration_seconds", "Duration of the last sync in seconds", Number(_lastDuration));
            Gauge(text, "kubeproxy_sync_proxy_rules_last_timestamp_seconds", "The last time proxy rules were successfully synced",
                Number(_lastSync?.ToUnixTimeMilliseconds() / 1000.0 ?? 0));
            Header(text, "kubeproxy_sync_proxy_rules_iptables_total", "gauge", "Total number of iptables rules owned by kube-proxy");
            text.Append(CultureInfo.InvariantCulture, $"kubeproxy_sync_proxy_rules_iptables_total{{table=\"filter\"}} {_lastRules?.FilterRules ?? 0}\n");
            text.Append(CultureInfo.InvariantCulture, $"kubeproxy_sync_proxy_rules_iptables_total{{table=\"nat\"}} {_lastRules?.NatRules ?? 0}\n");
            Gauge(text, "kubeproxy_sync_proxy_rules_service_ports", "Service ports in the last sync", (_lastRules?.ServicePorts ?? 0).ToString(CultureInfo.InvariantCulture));
            Header(text, "kubeproxy_sync_proxy_rules_iptables_restore_failures_total", "counter", "Cumulative proxy iptables restore failures");
            text.Append(CultureInfo.InvariantCulture, $"kubeproxy_sync_proxy_rules_iptables_restore_failures_total {_failures}\n");
            return text.ToString();
        }
    }

    private void Observe(double seconds)
    {
        _count++;
        _sum += seconds;
        _lastDuration = seconds;
        for (var i = 0; i < Buckets.Length; i++)
        {
            if (seconds <= Buckets[i])
            {
                _bucketCounts[i]++;
            }
        }
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Gauge(StringBuilder text, string name, string help, string value)
    {
        Header(text, name, "gauge", help);
        text.Append(name).Append(' ').Append(value).Append('\n');
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
