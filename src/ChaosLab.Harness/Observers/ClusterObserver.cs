using ChaosLab.Harness.Reporting;
using k8s;

namespace ChaosLab.Harness.Observers;

/// <summary>
/// Watches the cluster through the API while a scenario runs, recording what changed into the
/// scenario's timeline: Lease holders (and leader changes), node Ready conditions, pod phases and
/// readiness in the scenario's namespace, and its Kubernetes events. Polls; never acts.
/// </summary>
public sealed class ClusterObserver : IAsyncDisposable
{
    private static readonly string[] ElectionLeases = ["kube-scheduler", "kube-controller-manager"];
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private readonly IKubernetes _api;
    private readonly string _namespace;
    private readonly ScenarioRecord _record;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, string?> _holders = [];
    private readonly Dictionary<string, string> _nodes = [];
    private readonly Dictionary<string, string> _pods = [];
    private readonly HashSet<string> _events = [];
    private Task? _loop;

    public ClusterObserver(IKubernetes api, string ns, ScenarioRecord record)
    {
        _api = api;
        _namespace = ns;
        _record = record;
    }

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    private async Task RunAsync(CancellationToken ct)
    {
        var first = true;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await LeasesAsync(first, ct);
                await NodesAsync(first, ct);
                await PodsAsync(ct);
                await EventsAsync(ct);
                first = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The API may be down during a fault; the probes record that. Keep observing.
            }
            await Task.Delay(Interval, ct).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task LeasesAsync(bool first, CancellationToken ct)
    {
        foreach (var name in ElectionLeases)
        {
            var lease = await _api.CoordinationV1.ReadNamespacedLeaseAsync(name, "kube-system", cancellationToken: ct);
            var holder = lease.Spec?.HolderIdentity;
            if (_holders.TryGetValue(name, out var previous) && previous == holder)
            {
                continue;
            }
            _holders[name] = holder;
            if (!first && holder is not null)
            {
                _record.AddLeaderChange(new LeaderChange(DateTimeOffset.UtcNow, name, previous, holder));
            }
            _record.AddTimeline(new TimelineEvent(DateTimeOffset.UtcNow, "lease", first ? "holder" : "leader-change", $"{name}: {holder ?? "nobody"}"));
        }
    }

    private async Task NodesAsync(bool first, CancellationToken ct)
    {
        foreach (var node in (await _api.CoreV1.ListNodeAsync(cancellationToken: ct)).Items)
        {
            var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status ?? "Unknown";
            var taints = string.Join(",", node.Spec?.Taints?.Select(t => t.Key.Replace("node.kubernetes.io/", "", StringComparison.Ordinal)) ?? []);
            var state = taints.Length > 0 ? $"Ready={ready} taints {taints}" : $"Ready={ready}";
            if (_nodes.TryGetValue(node.Metadata.Name, out var previous) && previous == state)
            {
                continue;
            }
            _nodes[node.Metadata.Name] = state;
            if (!first)
            {
                _record.AddTimeline(new TimelineEvent(DateTimeOffset.UtcNow, "node", "condition", $"{node.Metadata.Name}: {state}"));
            }
        }
    }

    private async Task PodsAsync(CancellationToken ct)
    {
        var seen = new HashSet<string>();
        foreach (var pod in (await _api.CoreV1.ListNamespacedPodAsync(_namespace, cancellationToken: ct)).Items)
        {
            seen.Add(pod.Metadata.Name);
            var ready = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status == "True";
            var state = $"{pod.Status?.Phase ?? "Pending"}{(ready ? ", ready" : "")}{(pod.Metadata.DeletionTimestamp is null ? "" : ", terminating")} on {pod.Spec?.NodeName ?? "no node"}";
            if (_pods.TryGetValue(pod.Metadata.Name, out var previous) && previous == state)
            {
                continue;
            }
            _pods[pod.Metadata.Name] = state;
            _record.AddTimeline(new TimelineEvent(DateTimeOffset.UtcNow, "pod", "phase", $"{pod.Metadata.Name}: {state}"));
        }
        foreach (var gone in _pods.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _pods.Remove(gone);
            _record.AddTimeline(new TimelineEvent(DateTimeOffset.UtcNow, "pod", "deleted", gone));
        }
    }

    private async Task EventsAsync(CancellationToken ct)
    {
        foreach (var e in (await _api.CoreV1.ListNamespacedEventAsync(_namespace, cancellationToken: ct)).Items)
        {
            if (_events.Add(e.Metadata.Name))
            {
                _record.AddTimeline(new TimelineEvent(DateTimeOffset.UtcNow, "event", e.Reason ?? "event", $"{e.InvolvedObject?.Kind}/{e.InvolvedObject?.Name}: {e.Message}"));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_loop is not null)
            {
                await _loop;
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped in the middle of a request.
        }
        _stop.Dispose();
    }
}
