using System.Globalization;
using System.Text;

namespace ChaosLab.Scheduler.Metrics;

/// <summary>A Prometheus histogram (cumulative buckets, sum, count) for one label set.</summary>
public sealed class Histogram(IReadOnlyList<double> buckets)
{
    private readonly Lock _gate = new();
    private readonly long[] _counts = new long[buckets.Count];
    private long _total;
    private double _sum;

    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    public void Observe(double value)
    {
        lock (_gate)
        {
            for (var i = 0; i < buckets.Count; i++)
            {
                if (value <= buckets[i])
                {
                    _counts[i]++;
                }
            }
            _total++;
            _sum += value;
        }
    }

    /// <param name="labels">Rendered labels without braces, e.g. <c>result="scheduled"</c>, or empty.</param>
    public void Render(StringBuilder text, string name, string labels)
    {
        ArgumentNullException.ThrowIfNull(text);
        var prefix = labels.Length == 0 ? "" : labels + ",";
        var suffix = labels.Length == 0 ? "" : "{" + labels + "}";
        lock (_gate)
        {
            for (var i = 0; i < buckets.Count; i++)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{name}_bucket{{{prefix}le=\"{buckets[i]}\"}} {_counts[i]}");
            }
            text.AppendLine(CultureInfo.InvariantCulture, $"{name}_bucket{{{prefix}le=\"+Inf\"}} {_total}");
            text.AppendLine(CultureInfo.InvariantCulture, $"{name}_sum{suffix} {_sum}");
            text.AppendLine(CultureInfo.InvariantCulture, $"{name}_count{suffix} {_total}");
        }
    }
}
