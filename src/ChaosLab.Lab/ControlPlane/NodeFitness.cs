namespace ChaosLab.Lab.ControlPlane;

/// <summary>
/// Whether a Node can take new pods: Ready, not cordoned, and free of the taints that Kubernetes
/// itself puts on an unhealthy node (keys under <c>node.kubernetes.io/</c>). Taints a cluster's owner
/// set on purpose (a control plane's <c>node-role.kubernetes.io/control-plane</c>) do not count.
/// A node is Ready a moment before its not-ready taint is gone; labs and tests wait for both.
/// </summary>
public static class NodeFitness
{
    public const string SystemTaintPrefix = "node.kubernetes.io/";

    /// <summary>Null when the node can take pods, else why not ("Ready=False", "cordoned", "taint KEY:EFFECT").</summary>
    public static string? Problem(string? readyStatus, bool unschedulable, IEnumerable<(string? Key, string? Effect)> taints)
    {
        ArgumentNullException.ThrowIfNull(taints);
        var reasons = new List<string>();
        if (readyStatus != "True")
        {
            reasons.Add($"Ready={readyStatus ?? "missing"}");
        }
        if (unschedulable)
        {
            reasons.Add("cordoned");
        }
        reasons.AddRange(taints
            .Where(t => t.Key?.StartsWith(SystemTaintPrefix, StringComparison.Ordinal) == true && t.Effect is "NoSchedule" or "NoExecute")
            .Select(t => $"taint {t.Key}:{t.Effect}"));
        return reasons.Count == 0 ? null : string.Join(", ", reasons);
    }
}
