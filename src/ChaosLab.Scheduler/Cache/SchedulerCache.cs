using ChaosLab.Scheduler.Framework;
using k8s.Models;

namespace ChaosLab.Scheduler.Cache;

/// <summary>
/// What the scheduler believes is on each node (upstream's internal cache): the nodes and bound pods
/// the informers report, plus <em>assumed</em> pods, placed by this scheduler but whose binding the
/// informer has not shown yet. Assuming lets the next pod be scheduled at once, against the
/// resources the previous one will take, while the binding is still in flight.
/// Thread-safe; <see cref="Snapshot"/> gives the algorithm a consistent, private view.
/// </summary>
public sealed class SchedulerCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NodeInfo> _nodes = new(StringComparer.Ordinal);
    // Pod key → the node it is counted on, for every pod in the cache, assumed or confirmed.
    private readonly Dictionary<string, string> _podNodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _assumed = new(StringComparer.Ordinal);
    // The clones handed out by Snapshot, reused until their node changes (compared by generation).
    private readonly Dictionary<string, NodeInfo> _snapshots = new(StringComparer.Ordinal);

    public int NodeCount
    {
        get
        {
            lock (_gate)
            {
                return _nodes.Values.Count(n => n.Node is not null);
            }
        }
    }

    public int PodCount
    {
        get
        {
            lock (_gate)
            {
                return _podNodes.Count;
            }
        }
    }

    public void AddOrUpdateNode(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        lock (_gate)
        {
            NodeInfoFor(node.Metadata.Name).SetNode(node);
        }
    }

    public void RemoveNode(string nodeName)
    {
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeName, out var info))
            {
                return;
            }
            // Pods still bound to a deleted node keep their entry until they are deleted too.
            info.SetNode(null);
            DropIfEmpty(nodeName, info);
        }
    }

    /// <summary>A pod the informer shows bound to a node: confirms an assumed pod or adds/moves a bound one.</summary>
    public void AddOrUpdatePod(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var nodeName = pod.Spec?.NodeName;
        if (string.IsNullOrEmpty(nodeName))
        {
            return;
        }
        var info = new PodInfo(pod);
        lock (_gate)
        {
            RemoveLocked(info.Key);
            _assumed.Remove(info.Key);
            AddLocked(info, nodeName);
        }
    }

    /// <summary>A pod was deleted (or finished): it no longer takes resources anywhere.</summary>
    public void RemovePod(string podKey)
    {
        lock (_gate)
        {
            _assumed.Remove(podKey);
            RemoveLocked(podKey);
        }
    }

    /// <summary>Counts <paramref name="pod"/> on <paramref name="nodeName"/> before the binding is confirmed.</summary>
    public void AssumePod(PodInfo pod, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_gate)
        {
            if (_podNodes.ContainsKey(pod.Key))
            {
                throw new InvalidOperationException($"pod {pod.Key} is already in the cache");
            }
            AddLocked(pod, nodeName);
            _assumed.Add(pod.Key);
        }
    }

    /// <summary>Binding failed: undo <see cref="AssumePod"/>, unless the informer has confirmed the pod meanwhile.</summary>
    public void ForgetPod(string podKey)
    {
        lock (_gate)
        {
            if (_assumed.Remove(podKey))
            {
                RemoveLocked(podKey);
            }
        }
    }

    public bool IsAssumed(string podKey)
    {
        lock (_gate)
        {
            return _assumed.Contains(podKey);
        }
    }

    /// <summary>The node a pod is counted on (assumed or confirmed), or null.</summary>
    public string? NodeOf(string podKey)
    {
        lock (_gate)
        {
            return _podNodes.GetValueOrDefault(podKey);
        }
    }

    /// <summary>
    /// Read-only node infos for one scheduling cycle: clones that the cache never changes afterwards.
    /// Only nodes that changed since the last snapshot are cloned again (upstream's generation trick).
    /// </summary>
    public IReadOnlyList<NodeInfo> Snapshot()
    {
        lock (_gate)
        {
            var nodes = new List<NodeInfo>(_nodes.Count);
            foreach (var (name, live) in _nodes)
            {
                if (live.Node is null)
                {
                    continue;
                }
                if (!_snapshots.TryGetValue(name, out var clone) || clone.Generation != live.Generation)
                {
                    clone = live.Clone();
                    _snapshots[name] = clone;
                }
                nodes.Add(clone);
            }
            return nodes;
        }
    }

    private NodeInfo NodeInfoFor(string nodeName)
    {
        if (!_nodes.TryGetValue(nodeName, out var info))
        {
            info = new NodeInfo(null);
            _nodes[nodeName] = info;
        }
        return info;
    }

    private void AddLocked(PodInfo pod, string nodeName)
    {
        NodeInfoFor(nodeName).AddPod(pod);
        _podNodes[pod.Key] = nodeName;
    }

    private void RemoveLocked(string podKey)
    {
        if (!_podNodes.Remove(podKey, out var nodeName) || !_nodes.TryGetValue(nodeName, out var info))
        {
            return;
        }
        info.RemovePod(podKey);
        DropIfEmpty(nodeName, info);
    }

    private void DropIfEmpty(string nodeName, NodeInfo info)
    {
        if (info.Node is null && info.Pods.Count == 0)
        {
            _nodes.Remove(nodeName);
            _snapshots.Remove(nodeName);
        }
    }
}
