using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using ChaosLab.Client.Queues;

namespace ChaosLab.ControllerManager.Hosting;

/// <summary>
/// Prometheus text metrics served at /metrics: leader_election_master_status and workqueue_depth as
/// upstream names them, per-controller sync counts and durations, and counters controllers bump
/// (e.g. node_collector_evictions_total).
/// </summary>
internal sealed class ControllerMetrics
{
    private readonly ConcurrentDictionary<(string Controller, string Result), long> _syncs = new();
    private readonly ConcurrentDictionary<string, double> _syncSeconds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<int>> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Name, string Labels), long> _counters = new();
    private volatile bool _leading;

    public bool Leading
    {
        get => _leading;
        set => _leading = value;
    }

    public void RecordSync(string controller, bool succeeded, TimeSpan duration)
    {
        _syncs.AddOrUpdate((controller, succeeded ? "success" : "error"), 1, (_, n) => n + 1);
        _syncSeconds.AddOrUpdate(controller, duration.TotalSeconds, (_, s) => s + duration.TotalSeconds);
    }

    /// <summary>Reports the depth of <paramref name="queue"/>; a later registration under the same name replaces it.</summary>
    public void RegisterQueue(string name, WorkQueue queue) => _queues[name] = () => queue.Length;

    public void UnregisterQueue(string name) => _queues.TryRemove(name, out _);

    /// <param name="labels">Already formatted, e.g. <c>zone=""</c>.</param>
    public void Increment(string name, string labels = "") =>
        _counters.AddOrUpdate((name, labels), 1, (_, n) => n + 1);

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("# HELP leader_election_master_status Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master.");
        text.AppendLine("# TYPE leader_election_master_status gauge");
        text.AppendLine(CultureInfo.InvariantCulture, $"leader_election_master_status{{name=\"kube-controller-manager\"}} {(_leading ? 1 : 0)}");
        text.AppendLine("# HELP workqueue_depth Current depth of workqueue.");
        text.AppendLine("# TYPE workqueue_depth gauge");
        foreach (var (name, depth) in _queues.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"workqueue_depth{{name=\"{name}\"}} {depth()}");
        }
        text.AppendLine("# HELP controller_sync_total Syncs of each controller by result.");
        text.AppendLine("# TYPE controller_sync_total counter");
        foreach (var ((controller, result), count) in _syncs.OrderBy(s => s.Key.ToString(), StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"controller_sync_total{{controller=\"{controller}\",result=\"{result}\"}} {count}");
        }
        text.AppendLine("# HELP controller_sync_duration_seconds_total Time spent syncing, per controller.");
        text.AppendLine("# TYPE controller_sync_duration_seconds_total counter");
        foreach (var (controller, seconds) in _syncSeconds.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"controller_sync_duration_seconds_total{{controller=\"{controller}\"}} {seconds:0.######}");
        }
        foreach (var group in _counters.GroupBy(c => c.Key.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"# TYPE {group.Key} counter");
            foreach (var ((name, labels), count) in group.OrderBy(c => c.Key.Labels, StringComparer.Ordinal))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{name}{{{labels}}} {count}");
            }
        }
        return text.ToString();
    }
}
