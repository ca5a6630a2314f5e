using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>
/// The NoExecute taints the lifecycle controller mirrors from the Ready condition: not-ready for False,
/// unreachable for Unknown, never both, none when Ready.
/// </summary>
internal static class NodeTaints
{
    public const string NotReadyKey = "node.kubernetes.io/not-ready";
    public const string UnreachableKey = "node.kubernetes.io/unreachable";
    public const string NoExecute = "NoExecute";

    public static bool Has(V1Node node, string key) =>
        node.Spec?.Taints?.Any(t => t.Key == key && t.Effect == NoExecute) == true;

    /// <summary>The taint a Ready status calls for, and the one it excludes; null key for True.</summary>
    public static (string? Wanted, string? Opposite) ForReadyStatus(string? status) => status switch
    {
        "False" => (NotReadyKey, UnreachableKey),
        "Unknown" => (UnreachableKey, NotReadyKey),
        _ => (null, null),
    };

    /// <summary>
    /// The node's taints with <paramref name="add"/> present (stamped with <paramref name="now"/> if new)
    /// and <paramref name="remove"/> gone; null when that is already so.
    /// </summary>
    public static List<V1Taint>? Swap(IList<V1Taint>? taints, string? add, IEnumerable<string> remove, DateTimeOffset now)
    {
        var current = taints?.ToList() ?? [];
        var removeKeys = remove.ToHashSet(StringComparer.Ordinal);
        var result = current.Where(t => !(t.Effect == NoExecute && removeKeys.Contains(t.Key))).ToList();
        if (add is not null && !result.Any(t => t.Key == add && t.Effect == NoExecute))
        {
            result.Add(new V1Taint { Key = add, Effect = NoExecute, TimeAdded = WholeSeconds.Utc(now) });
        }
        return result.Count == current.Count && result.All(current.Contains) ? null : result;
    }
}
