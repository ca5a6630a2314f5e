using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace ChaosLab.ApiServer.Operations;

/// <summary>
/// Prometheus metrics named like upstream's: apiserver_request_total{verb,resource,code} and
/// apiserver_request_duration_seconds (histogram by verb and resource), served at /metrics.
/// </summary>
public sealed class ApiMetrics
{
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly ConcurrentDictionary<(string Verb, string Resource, int Code), long> _requests = new();
    private readonly ConcurrentDictionary<(string Verb, string Resource), Histogram> _durations = new();

    public void Record(string verb, string resource, int code, TimeSpan duration)
    {
        _requests.AddOrUpdate((verb, resource, code), 1, (_, n) => n + 1);
        // Watches last as long as the client keeps them: their duration says nothing about latency.
        if (verb != "WATCH")
        {
            _durations.GetOrAdd((verb, resource), _ => new Histogram()).Observe(duration.TotalSeconds);
        }
    }

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("# HELP apiserver_request_total Counter of apiserver requests broken out for each verb, resource and HTTP response code.");
        text.AppendLine("# TYPE apiserver_request_total counter");
        foreach (var ((verb, resource, code), count) in _requests.OrderBy(kv => kv.Key.ToString()))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"apiserver_request_total{{code=\"{code}\",resource=\"{resource}\",verb=\"{verb}\"}} {count}");
        }
        text.AppendLine("# HELP apiserver_request_duration_seconds Response latency distribution in seconds for each verb and resource.");
        text.AppendLine("# TYPE apiserver_request_duration_seconds histogram");
        foreach (var ((verb, resource), histogram) in _durations.OrderBy(kv => kv.Key.ToString()))
        {
            histogram.Render(text, $"resource=\"{resource}\",verb=\"{verb}\"");
        }
        return text.ToString();
    }

    private sealed class Histogram
    {
        private readonly long[] _counts = new long[Buckets.Length];
        private long _total;
        private double _sum;
        private readonly object _gate = new();

        public void Observe(double seconds)
        {
            lock (_gate)
            {
                for (var i = 0; i < Buckets.Length; i++)
                {
                    if (seconds <= Buckets[i])
                    {
                        _counts[i]++;
                    }
                }
                _total++;
                _sum += seconds;
            }
        }

        public void Render(StringBuilder text, string labels)
        {
            lock (_gate)
            {
                for (var i = 0; i < Buckets.Length; i++)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"apiserver_request_duration_seconds_bucket{{{labels},le=\"{Buckets[i]}\"}} {_counts[i]}");
                }
                text.AppendLine(CultureInfo.InvariantCulture, $"apiserver_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {_total}");
                text.AppendLine(CultureInfo.InvariantCulture, $"apiserver_request_duration_seconds_sum{{{labels}}} {_sum}");
                text.AppendLine(CultureInfo.InvariantCulture, $"apiserver_request_duration_seconds_count{{{labels}}} {_total}");
            }
        }
    }
}
