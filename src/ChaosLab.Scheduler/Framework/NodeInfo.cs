using k8s.Models;

namespace ChaosLab.Scheduler.Framework;

/// <summary>
/// A node together with the pods placed on it (bound or assumed) and the totals the plugins need,
/// kept up to date incrementally as upstream's framework.NodeInfo. The cache owns mutable instances;
/// the algorithm only ever sees clones taken for one scheduling cycle.
/// </summary>
public sealed class NodeInfo
{
    private readonly Dictionary<string, PodInfo> _pods;
    private readonly Dictionary<string, int> _podsByOwner;

    public NodeInfo(V1Node? node, params IEnumerable<PodInfo> pods)
    {
        _pods = new Dictionary<string, PodInfo>(StringComparer.Ordinal);
        _podsByOwner = new Dictionary<string, int>(StringComparer.Ordinal);
        SetNode(node);
        foreach (var pod in pods)
        {
            AddPod(pod);
        }
    }

    private NodeInfo(NodeInfo other)
    {
        _pods = new Dictionary<string, PodInfo>(other._pods, StringComparer.Ordinal);
        _podsByOwner = new Dictionary<string, int>(other._podsByOwner, StringComparer.Ordinal);
        Node = other.Node;
        Allocatable = other.Allocatable;
        AllowedPodCount = other.AllowedPodCount;
        Requested = other.Requested;
        NonZeroRequested = other.NonZeroRequested;
        Generation = other.Generation;
    }

    /// <summary>Null while pods are known for a node the node informer has not delivered yet.</summary>
    public V1Node? Node { get; private set; }

    public string Name => Node?.Metadata.Name ?? "";

    public IReadOnlyCollection<PodInfo> Pods => _pods.Values;

    public ResourceAmounts Allocatable { get; private set; }

    /// <summary>status.allocatable["pods"]: how many pods the kubelet accepts.</summary>
    public long AllowedPodCount { get; private set; }

    /// <summary>Sum of the pods' requests, as the fit filter compares with allocatable.</summary>
    public ResourceAmounts Requested { get; private set; }

    /// <summary>Sum of the pods' requests with defaults for empty ones, as least-allocated scoring uses.</summary>
    public ResourceAmounts NonZeroRequested { get; private set; }

    /// <summary>Bumped on every change, so a snapshot re-clones only the nodes that changed.</summary>
    public long Generation { get; private set; }

    /// <summary>How many pods on this node are controlled by the owner with <paramref name="ownerUid"/>.</summary>
    public int PodCountForOwner(string ownerUid) => _podsByOwner.GetValueOrDefault(ownerUid);

    public bool HasPod(string podKey) => _pods.ContainsKey(podKey);

    public void SetNode(V1Node? node)
    {
        Node = node;
        Allocatable = Quantities.Of(node?.Status?.Allocatable);
        AllowedPodCount = Quantities.Value(node?.Status?.Allocatable, Quantities.Pods);
        Generation++;
    }

    /// <summary>Adds or replaces the pod with the same key.</summary>
    public void AddPod(PodInfo pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        RemovePod(pod.Key);
        _pods[pod.Key] = pod;
        Requested += pod.Requests;
        NonZeroRequested += pod.NonZeroRequests;
        if (pod.OwnerUid is { } owner)
        {
            _podsByOwner[owner] = _podsByOwner.GetValueOrDefault(owner) + 1;
        }
        Generation++;
    }

    public bool RemovePod(string podKey)
    {
        if (!_pods.Remove(podKey, out var pod))
        {
            return false;
        }
        Requested -= pod.Requests;
        NonZeroRequested -= pod.NonZeroRequests;
        if (pod.OwnerUid is { } owner)
        {
            var left = _podsByOwner[owner] - 1;
            if (left == 0)
            {
                _podsByOwner.Remove(owner);
            }
            else
            {
                _podsByOwner[owner] = left;
            }
        }
        Generation++;
        return true;
    }

    public NodeInfo Clone() => new(this);

    public override string ToString() => Name;
}
