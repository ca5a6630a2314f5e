using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace ChaosLab.Scheduler.Metrics;

/// <summary>
/// The scheduler's Prometheus metrics, named like upstream's:
/// <list type="bullet">
/// <item><c>scheduler_schedule_attempts_total{profile,result}</c>: result is scheduled, unschedulable or error;</item>
/// <item><c>scheduler_e2e_scheduling_duration_seconds{profile,result}</c>: one attempt, algorithm plus binding;</item>
/// <item><c>scheduler_scheduling_algorithm_duration_seconds</c>: filtering and scoring only;</item>
/// <item><c>scheduler_pod_scheduling_sli_duration_seconds</c>: first entering the queue to bound, over all attempts;</item>
/// <item><c>scheduler_pending_pods{queue}</c> and <c>leader_election_master_status{name}</c> gauges.</item>
/// </list>
/// </summary>
public sealed class SchedulerMetrics
{
    public const string Scheduled = "scheduled";
    public const string Unschedulable = "unschedulable";
    public const string Error = "error";

    private const string Profile = "default-scheduler";

    // Upstream's exponential buckets for these histograms: 1 ms doubling up to about 16 s.
    private static readonly double[] LatencyBuckets = [.. Enumerable.Range(0, 15).Select(i => 0.001 * Math.Pow(2, i))];
    private static readonly double[] SliBuckets = [.. Enumerable.Range(0, 20).Select(i => 0.01 * Math.Pow(2, i))];

    private readonly ConcurrentDictionary<string, long> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Histogram> _e2e = new(StringComparer.Ordinal);
    private readonly Histogram _algorithm = new(LatencyBuckets);
    private readonly Histogram _sli = new(SliBuckets);

    /// <summary>Reads the queue sizes (active, backoff, unschedulable) when metrics are scraped.</summary>
    public Func<(int Active, int Backoff, int Unschedulable)>? PendingPods { get; set; }

    /// <summary>Reads whether this process leads when metrics are scraped.</summary>
    public Func<bool>? IsLeader { get; set; }

    public long AttemptCount(string result) => _attempts.GetValueOrDefault(result);

    public void RecordAttempt(string result, TimeSpan duration)
    {
        _attempts.AddOrUpdate(result, 1, (_, n) => n + 1);
        _e2e.GetOrAdd(result, _ => new Histogram(LatencyBuckets)).Observe(duration.TotalSeconds);
    }

    public void RecordAlgorithm(TimeSpan duration) => _algorithm.Observe(duration.TotalSeconds);

    public void RecordScheduledSli(TimeSpan sinceFirstEnqueue) => _sli.Observe(sinceFirstEnqueue.TotalSeconds);

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("# HELP scheduler_schedule_attempts_total Number of attempts to schedule pods, by the result.");
        text.AppendLine("# TYPE scheduler_schedule_attempts_total counter");
        foreach (var result in new[] { Error, Scheduled, Unschedulable })
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"scheduler_schedule_attempts_total{{profile=\"{Profile}\",result=\"{result}\"}} {AttemptCount(result)}");
        }
        text.AppendLine("# HELP scheduler_e2e_scheduling_duration_seconds E2e scheduling latency in seconds (scheduling algorithm + binding).");
        text.AppendLine("# TYPE scheduler_e2e_scheduling_duration_seconds histogram");
        foreach (var (result, histogram) in _e2e.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            histogram.Render(text, "scheduler_e2e_scheduling_duration_seconds", $"profile=\"{Profile}\",result=\"{result}\"");
        }
        text.AppendLine("# HELP scheduler_scheduling_algorithm_duration_seconds Scheduling algorithm latency in seconds.");
        text.AppendLine("# TYPE scheduler_scheduling_algorithm_duration_seconds histogram");
        _algorithm.Render(text, "scheduler_scheduling_algorithm_duration_seconds", "");
        text.AppendLine("# HELP scheduler_pod_scheduling_sli_duration_seconds E2e latency for a pod being scheduled, from the time the pod enters the scheduling queue until it is bound.");
        text.AppendLine("# TYPE scheduler_pod_scheduling_sli_duration_seconds histogram");
        _sli.Render(text, "scheduler_pod_scheduling_sli_duration_seconds", "");
        if (PendingPods is { } pending)
        {
            var (active, backoff, unschedulable) = pending();
            text.AppendLine("# HELP scheduler_pending_pods Number of pending pods, by the queue type.");
            text.AppendLine("# TYPE scheduler_pending_pods gauge");
            text.AppendLine(CultureInfo.InvariantCulture, $"scheduler_pending_pods{{queue=\"active\"}} {active}");
            text.AppendLine(CultureInfo.InvariantCulture, $"scheduler_pending_pods{{queue=\"backoff\"}} {backoff}");
            text.AppendLine(CultureInfo.InvariantCulture, $"scheduler_pending_pods{{queue=\"unschedulable\"}} {unschedulable}");
        }
        if (IsLeader is { } isLeader)
        {
            text.AppendLine("# HELP leader_election_master_status Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master.");
            text.AppendLine("# TYPE leader_election_master_status gauge");
            text.AppendLine(CultureInfo.InvariantCulture, $"leader_election_master_status{{name=\"kube-scheduler\"}} {(isLeader() ? 1 : 0)}");
        }
        return text.ToString();
    }
}
