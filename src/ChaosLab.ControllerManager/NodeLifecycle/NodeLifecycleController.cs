using ChaosLab.Client.Informers;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>
/// Watches node heartbeats (Ready condition and kube-node-lease Leases) and acts on silence: conditions
/// to Unknown, pods to not ready, NoExecute taints on the node. Two timers drive the
/// <see cref="NodeMonitor"/>: the monitor pass every --node-monitor-period and the rate-limited
/// tainting pass every 100 ms (upstream's NodeEvictionPeriod).
/// </summary>
internal sealed class NodeLifecycleController : IController
{
    private const string NodeLeaseNamespace = "kube-node-lease";
    private static readonly TimeSpan TaintingPeriod = TimeSpan.FromMilliseconds(100);

    private readonly ControllerContext _context;
    private readonly Informer<V1Node, V1NodeList> _nodes;
    private readonly Informer<V1Lease, V1LeaseList> _leases;
    private readonly Informer<V1Pod, V1PodList> _pods;
    private readonly NodeMonitor _monitor;
    private readonly Lock _gate = new();
    private readonly ILogger _logger;

    public NodeLifecycleController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("node-lifecycle-controller");
        _monitor = new NodeMonitor(context.Options);
        _nodes = context.Informers.Nodes();
        _leases = context.Informers.Leases(NodeLeaseNamespace);
        _pods = context.Informers.Pods();
    }

    public string Name => "nodelifecycle";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            _nodes.WaitForSyncAsync(cancellationToken),
            _leases.WaitForSyncAsync(cancellationToken),
            _pods.WaitForSyncAsync(cancellationToken));
        _logger.LogInformation("node lifecycle: monitor period {Period}, grace period {Grace}, eviction rate {Rate}/s",
            _context.Options.NodeMonitorPeriod, _context.Options.NodeMonitorGracePeriod, _context.Options.NodeEvictionRate);
        await Task.WhenAll(
            RunEveryAsync(_context.Options.NodeMonitorPeriod, MonitorOnceAsync, cancellationToken),
            RunEveryAsync(TaintingPeriod, TaintOnceAsync, cancellationToken));
    }

    internal async Task MonitorOnceAsync(CancellationToken ct)
    {
        var now = _context.Time.GetUtcNow();
        NodeMonitorResult result;
        lock (_gate)
        {
            result = _monitor.Monitor(_nodes.Cache.List(), name => _leases.Cache.Get(NodeLeaseNamespace, name), now);
        }
        if (result.EnteredFullDisruption)
        {
            _logger.LogWarning("node lifecycle: every node is not ready; entering full disruption mode: NoExecute taints lifted, no evictions");
        }
        if (result.ExitedFullDisruption)
        {
            _logger.LogInformation("node lifecycle: some node is ready again; leaving full disruption mode");
        }
        foreach (var node in result.StatusUpdates)
        {
            _logger.LogWarning("node {Node}: no heartbeat within {Grace}; conditions set to Unknown", node.Metadata.Name, _context.Options.NodeMonitorGracePeriod);
            await TryAsync($"update status of node {node.Metadata.Name}",
                () => _context.Client.CoreV1.ReplaceNodeStatusAsync(node, node.Metadata.Name, cancellationToken: ct));
        }
        foreach (var nodeName in result.NodesWithPodsToMarkNotReady)
        {
            await MarkPodsNotReadyAsync(nodeName, now, ct);
        }
        await ApplyTaintsAsync(result.TaintChanges, now, ct);
    }

    internal async Task TaintOnceAsync(CancellationToken ct)
    {
        var now = _context.Time.GetUtcNow();
        IReadOnlyList<TaintChange> due;
        lock (_gate)
        {
            due = _monitor.TakeDueTaints(name => _nodes.Cache.Get(name), now);
        }
        await ApplyTaintsAsync(due, now, ct);
    }

    private async Task MarkPodsNotReadyAsync(string nodeName, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var pod in _pods.Cache.ByIndex(InformerFactory.PodNodeNameIndex, nodeName))
        {
            if (PodReadiness.MarkNotReady(pod, nodeName, now) is { } updated)
            {
                _logger.LogInformation("pod {Namespace}/{Pod}: node {Node} is unreachable; marking it not ready", pod.Metadata.NamespaceProperty, pod.Metadata.Name, nodeName);
                await TryAsync($"mark pod {pod.Metadata.Name} not ready",
                    () => _context.Client.CoreV1.ReplaceNamespacedPodStatusAsync(updated, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct));
            }
        }
    }

    private async Task ApplyTaintsAsync(IReadOnlyList<TaintChange> changes, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var change in changes)
        {
            var changed = false;
            await TryAsync($"taint node {change.Node}", async () => changed = await NodeTaintWriter.ApplyAsync(_context.Client, change, now, ct));
            if (changed)
            {
                _logger.LogInformation("node {Node}: {Change}", change.Node,
                    change.Add is null ? "NoExecute lifecycle taints removed" : $"tainted {change.Add}:NoExecute");
                if (change.Add is not null)
                {
                    _context.Metrics.Increment("node_collector_evictions_total", $"zone=\"{ZoneOf(change.Node)}\"");
                }
            }
        }
    }

    private string ZoneOf(string nodeName) => _nodes.Cache.Get(nodeName) is { } node ? NodeConditions.ZoneOf(node) : "";

    /// <summary>One failed write must not stop the pass; the next pass sees the same state and tries again.</summary>
    private async Task TryAsync(string what, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning("node lifecycle: could not {What}: {Error}", what, ex.Message);
        }
    }

    private async Task RunEveryAsync(TimeSpan period, Func<CancellationToken, Task> pass, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(period, _context.Time);
        try
        {
            do
            {
                try
                {
                    await pass(ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogError(ex, "node lifecycle pass failed");
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
