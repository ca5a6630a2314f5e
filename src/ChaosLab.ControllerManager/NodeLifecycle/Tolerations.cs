using k8s.Models;

namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>Toleration matching as k8s.io/api's Toleration.ToleratesTaint.</summary>
internal static class Tolerations
{
    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }
        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }
        return toleration.OperatorProperty switch
        {
            null or "" or "Equal" => (toleration.Value ?? "") == (taint.Value ?? ""),
            "Exists" => true,
            _ => false,
        };
    }

    /// <summary>The first toleration matching each taint; null if some taint is not tolerated at all.</summary>
    public static IReadOnlyList<(V1Taint Taint, V1Toleration Toleration)>? Match(IEnumerable<V1Taint> taints, IList<V1Toleration>? tolerations)
    {
        var result = new List<(V1Taint, V1Toleration)>();
        foreach (var taint in taints)
        {
            var match = tolerations?.FirstOrDefault(t => Tolerates(t, taint));
            if (match is null)
            {
                return null;
            }
            result.Add((taint, match));
        }
        return result;
    }
}
