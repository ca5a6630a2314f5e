using k8s.Models;

namespace ChaosLab.Scheduler.Framework;

/// <summary>Taint/toleration matching as upstream's v1helper (Toleration.ToleratesTaint).</summary>
public static class Tolerations
{
    public const string NoSchedule = "NoSchedule";
    public const string PreferNoSchedule = "PreferNoSchedule";
    public const string NoExecute = "NoExecute";

    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        ArgumentNullException.ThrowIfNull(toleration);
        ArgumentNullException.ThrowIfNull(taint);
        // An empty effect tolerates every effect; an empty key with Exists tolerates every taint.
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

    public static bool AnyTolerates(IEnumerable<V1Toleration>? tolerations, V1Taint taint) =>
        tolerations?.Any(t => Tolerates(t, taint)) == true;

    /// <summary>The first taint with one of <paramref name="effects"/> that no toleration tolerates.</summary>
    public static V1Taint? FirstUntolerated(IEnumerable<V1Taint>? taints, IList<V1Toleration>? tolerations, params ReadOnlySpan<string> effects)
    {
        if (taints is null)
        {
            return null;
        }
        foreach (var taint in taints)
        {
            if (effects.Contains(taint.Effect) && !AnyTolerates(tolerations, taint))
            {
                return taint;
            }
        }
        return null;
    }
}
