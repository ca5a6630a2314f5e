using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>
/// Upstream's doNoScheduleTaintingPass (TaintNodesByCondition): node conditions mirrored as NoSchedule
/// taints at once, so the scheduler stops placing pods on a node the moment it looks unhealthy,
/// without waiting for the rate-limited NoExecute taints.
/// </summary>
internal static class NoScheduleTaints
{
    public const string NoSchedule = "NoSchedule";
    public const string Unschedulable = "node.kubernetes.io/unschedulable";

    private static readonly Dictionary<(string Type, string Status), string> ConditionTaints = new()
    {
        [("Ready", "False")] = NodeTaints.NotReadyKey,
        [("Ready", "Unknown")] = NodeTaints.UnreachableKey,
        [("MemoryPressure", "True")] = "node.kubernetes.io/memory-pressure",
        [("DiskPressure", "True")] = "node.kubernetes.io/disk-pressure",
        [("PIDPressure", "True")] = "node.kubernetes.io/pid-pressure",
        [("NetworkUnavailable", "True")] = "node.kubernetes.io/network-unavailable",
    };

    private static readonly HashSet<string> OwnedKeys = [.. ConditionTaints.Values, Unschedulable];

    /// <summary>The NoSchedule taint keys the node's conditions and spec.unschedulable call for.</summary>
    public static IReadOnlySet<string> Desired(V1Node node)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var condition in node.Status?.Conditions ?? [])
        {
            if (ConditionTaints.TryGetValue((condition.Type, condition.Status), out var key))
            {
                keys.Add(key);
            }
        }
        if (node.Spec?.Unschedulable == true)
        {
            keys.Add(Unschedulable);
        }
        return keys;
    }

    /// <summary>The node's taints with our NoSchedule taints brought in line; null if they already are.</summary>
    public static List<V1Taint>? Reconcile(V1Node node, DateTimeOffset now)
    {
        var desired = Desired(node);
        var current = node.Spec?.Taints?.ToList() ?? [];
        var present = current.Where(t => t.Effect == NoSchedule && OwnedKeys.Contains(t.Key)).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        if (present.SetEquals(desired))
        {
            return null;
        }
        var result = current.Where(t => !(t.Effect == NoSchedule && OwnedKeys.Contains(t.Key) && !desired.Contains(t.Key))).ToList();
        foreach (var key in desired.Where(k => !present.Contains(k)).Order(StringComparer.Ordinal))
        {
            result.Add(new V1Taint { Key = key, Effect = NoSchedule, TimeAdded = WholeSeconds.Utc(now) });
        }
        return result;
    }
}
