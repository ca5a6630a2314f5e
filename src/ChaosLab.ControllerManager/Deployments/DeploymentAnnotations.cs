using System.Globalization;
using k8s.Models;

namespace ChaosLab.ControllerManager.Deployments;

/// <summary>The annotations the deployment controller keeps on its ReplicaSets and itself (deployment/util).</summary>
internal static class DeploymentAnnotations
{
    public const string Revision = "deployment.kubernetes.io/revision";
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";

    /// <summary>The deployment's replicas when this ReplicaSet was last scaled: differs after kubectl scale.</summary>
    public const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";

    /// <summary>replicas + maxSurge when last scaled: the base of proportional scaling.</summary>
    public const string MaxReplicas = "deployment.kubernetes.io/max-replicas";

    /// <summary>Annotations the deployment does not copy onto its ReplicaSets.</summary>
    private static readonly HashSet<string> NotCopied =
    [
        "kubectl.kubernetes.io/last-applied-configuration",
        Revision, RevisionHistory, DesiredReplicas, MaxReplicas,
        "deprecated.deployment.rollback.to",
    ];

    public static long RevisionOf(V1ReplicaSet rs) => Long(rs.Metadata.Annotations, Revision) ?? 0;

    public static int? DesiredReplicasOf(V1ReplicaSet rs) => (int?)Long(rs.Metadata.Annotations, DesiredReplicas);

    public static int? MaxReplicasOf(V1ReplicaSet rs) => (int?)Long(rs.Metadata.Annotations, MaxReplicas);

    public static bool ReplicasNeedUpdate(V1ReplicaSet rs, int desired, int max) =>
        DesiredReplicasOf(rs) != desired || MaxReplicasOf(rs) != max;

    public static void SetReplicas(V1ReplicaSet rs, int desired, int max)
    {
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        annotations[DesiredReplicas] = desired.ToString(CultureInfo.InvariantCulture);
        annotations[MaxReplicas] = max.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Copies the deployment's own annotations and raises the revision to <paramref name="newRevision"/>
    /// (never lowers it: an old ReplicaSet that becomes new again on rollback keeps the highest number).
    /// Returns whether anything changed.
    /// </summary>
    public static bool SetNewReplicaSetAnnotations(V1Deployment d, V1ReplicaSet rs, long newRevision)
    {
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var changed = false;
        foreach (var (key, value) in d.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (!NotCopied.Contains(key) && (!annotations.TryGetValue(key, out var current) || current != value))
            {
                annotations[key] = value;
                changed = true;
            }
        }
        var oldRevision = Long(annotations, Revision) ?? 0;
        if (oldRevision < newRevision)
        {
            annotations[Revision] = newRevision.ToString(CultureInfo.InvariantCulture);
            changed = true;
        }
        return changed;
    }

    private static long? Long(IDictionary<string, string>? annotations, string key) =>
        annotations is not null && annotations.TryGetValue(key, out var text)
            && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
