using k8s.Models;

namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>
/// The node lifecycle controller's decisions (upstream's monitorNodeHealth, processTaintBaseEviction,
/// handleDisruption and doNoExecuteTaintingPass), free of I/O: <see cref="Monitor"/> runs every
/// --node-monitor-period over all nodes; <see cref="TakeDueTaints"/> runs often and hands out the
/// rate-limited taints. State (heartbeats, zone states, taint queue) lives here between passes.
/// </summary>
internal sealed class NodeMonitor
{
    private readonly NodeHealthTracker _health;
    private readonly ZoneDisruption _zones;
    private readonly NoExecuteTaintQueue _taintQueue;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _zoneOfNode = new(StringComparer.Ordinal);
    private readonly bool _blind;

    public NodeMonitor(ControllerManagerOptions options)
    {
        _blind = options.Mutant == ControllerManagerMutants.NodeMonitorBlind;
        _health = new NodeHealthTracker(options.NodeMonitorGracePeriod, options.NodeStartupGracePeriod);
        _zones = new ZoneDisruption(options);
        _taintQueue = new NoExecuteTaintQueue(options.NodeEvictionRate);
    }

    public ZoneState ZoneStateOf(string zone) => _zones.StateOf(zone);

    public bool IsQueuedForTaint(string node) =>
        _zoneOfNode.TryGetValue(node, out var zone) && _taintQueue.Contains(zone, node);

    public NodeMonitorResult Monitor(IReadOnlyList<V1Node> nodes, Func<string, V1Lease?> leaseOf, DateTimeOffset now)
    {
        ForgetDeleted(nodes);
        var statusUpdates = new List<V1Node>();
        var markPods = new List<string>();
        var taintChanges = new Dictionary<string, TaintChange>(StringComparer.Ordinal);
        var readyByZone = new Dictionary<string, List<bool>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var name = node.Metadata.Name;
            var zone = NodeConditions.ZoneOf(node);
            _zoneOfNode[name] = zone;
            var observation = _health.Observe(node, leaseOf(name), now);
            if (_blind && observation.CurrentReady.Status == "Unknown")
            {
                // The mutant: a node whose heartbeats stopped keeps whatever its kubelet last said.
                continue;
            }
            if (observation.StatusUpdate is { } update)
            {
                statusUpdates.Add(update);
            }
            var ready = observation.CurrentReady.Status;
            if (!NodeConditions.ExcludedFromDisruption(node))
            {
                if (!readyByZone.TryGetValue(zone, out var list))
                {
                    readyByZone[zone] = list = [];
                }
                list.Add(ready == "True");
            }
            if (ProcessTaintBasedEviction(node, zone, ready, now) is { } change)
            {
                taintChanges[name] = change;
            }
            // Unknown means the kubelet is not there to report its pods: do it for it. A kubelet that
            // reports False is alive and keeps its own pods' status.
            if (ready == "Unknown")
            {
                markPods.Add(name);
            }
        }

        var decision = _zones.Update(readyByZone.ToDictionary(z => z.Key, z => (IReadOnlyList<bool>)z.Value, StringComparer.Ordinal));
        if (decision.EnteredFullDisruption)
        {
            foreach (var node in nodes)
            {
                _taintQueue.Remove(_zoneOfNode[node.Metadata.Name], node.Metadata.Name);
                taintChanges[node.Metadata.Name] = TaintChange.RemoveAll(node.Metadata.Name);
            }
        }
        if (decision.ExitedFullDisruption)
        {
            _health.ResetProbeTimes(now);
        }
        foreach (var (zone, rate) in decision.Rates)
        {
            _taintQueue.SetRate(zone, rate, now);
        }
        return new NodeMonitorResult(statusUpdates, markPods, [.. taintChanges.Values], decision.EnteredFullDisruption, decision.ExitedFullDisruption);
    }

    /// <summary>
    /// The queued nodes the rate limiters let through now, with the taint each needs given its
    /// current Ready condition (a node that recovered meanwhile needs none).
    /// </summary>
    public IReadOnlyList<TaintChange> TakeDueTaints(Func<string, V1Node?> nodeOf, DateTimeOffset now)
    {
        var changes = new List<TaintChange>();
        foreach (var name in _taintQueue.TakeDue(now))
        {
            if (nodeOf(name) is not { } node)
            {
                continue;
            }
            var (wanted, opposite) = NodeTaints.ForReadyStatus(NodeConditions.Get(node, NodeConditions.Ready)?.Status ?? "Unknown");
            if (wanted is not null)
            {
                changes.Add(new TaintChange(name, wanted, [opposite!]));
            }
        }
        return changes;
    }

    /// <summary>
    /// Not ready: swap at once if the opposite taint is there (keeping them exclusive), else queue the
    /// node for the rate-limited tainter. Ready: remove both taints at once.
    /// </summary>
    private TaintChange? ProcessTaintBasedEviction(V1Node node, string zone, string ready, DateTimeOffset now)
    {
        var name = node.Metadata.Name;
        var (wanted, opposite) = NodeTaints.ForReadyStatus(ready);
        if (wanted is null)
        {
            _taintQueue.Remove(zone, name);
            return NodeTaints.Has(node, NodeTaints.NotReadyKey) || NodeTaints.Has(node, NodeTaints.UnreachableKey)
                ? TaintChange.RemoveAll(name)
                : null;
        }
        if (NodeTaints.Has(node, opposite!))
        {
            return new TaintChange(name, wanted, [opposite!]);
        }
        if (!NodeTaints.Has(node, wanted))
        {
            _taintQueue.Add(zone, name, now);
        }
        return null;
    }

    private void ForgetDeleted(IReadOnlyList<V1Node> nodes)
    {
        var current = nodes.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _known.Where(n => !current.Contains(n)).ToList())
        {
            _health.Forget(gone);
            if (_zoneOfNode.Remove(gone, out var zone))
            {
                _taintQueue.Remove(zone, gone);
            }
            _known.Remove(gone);
        }
        _known.UnionWith(current);
    }
}
