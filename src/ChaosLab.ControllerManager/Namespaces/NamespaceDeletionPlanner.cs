using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.Namespaces;

/// <summary>
/// Upstream's namespaced-resources deleter, decision part: a namespace with a deletionTimestamp that
/// still carries the "kubernetes" finalizer is finalized once none of its resources has objects left;
/// then the API server removes it. Other finalizers belong to others and are kept.
/// </summary>
internal static class NamespaceDeletionPlanner
{
    public const string Finalizer = "kubernetes";

    /// <summary>Whether this controller has anything to do for <paramref name="ns"/>.</summary>
    public static bool NeedsCleanup(V1Namespace ns) =>
        ns.Metadata.DeletionTimestamp is not null && (ns.Spec?.Finalizers?.Contains(Finalizer) ?? false);

    /// <param name="remaining">Objects still present per resource, after this pass's deletes.</param>
    public static NamespaceDeletionPlan Plan(V1Namespace ns, IReadOnlyDictionary<string, int> remaining)
    {
        if (!NeedsCleanup(ns))
        {
            return NamespaceDeletionPlan.Nothing;
        }
        var left = remaining.Where(r => r.Value > 0).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        if (left.Count > 0)
        {
            return new NamespaceDeletionPlan(null, left);
        }
        var finalized = ns with { Spec = new V1NamespaceSpec { Finalizers = [.. ns.Spec!.Finalizers!.Where(f => f != Finalizer)] } };
        return new NamespaceDeletionPlan(finalized, left);
    }

    /// <summary>The objects to delete now: those not already on their way out.</summary>
    public static IEnumerable<V1ObjectMeta> ToDelete(IEnumerable<V1ObjectMeta> objects) =>
        objects.Where(o => o.DeletionTimestamp is null);

    /// <summary>The NamespaceContentRemaining condition kubectl describe shows while content is being removed.</summary>
    public static V1NamespaceCondition ContentRemainingCondition(IReadOnlyDictionary<string, int> remaining, DateTimeOffset now) => new()
    {
        Type = "NamespaceContentRemaining",
        Status = remaining.Count > 0 ? "True" : "False",
        Reason = remaining.Count > 0 ? "SomeResourcesRemain" : "ContentRemoved",
        Message = remaining.Count > 0
            ? "Some resources are remaining: " + string.Join(", ", remaining.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} has {r.Value} resource instances"))
            : "All content successfully removed",
        LastTransitionTime = now.UtcDateTime,
    };

    /// <summary>Whether the status already says the same (ignoring times), so it is not rewritten every pass.</summary>
    public static bool HasCondition(V1Namespace ns, V1NamespaceCondition condition) =>
        ns.Status?.Conditions?.Any(c => c.Type == condition.Type && c.Status == condition.Status && c.Message == condition.Message) ?? false;

    public static V1Namespace WithCondition(V1Namespace ns, V1NamespaceCondition condition)
    {
        var status = ObjectJson.Clone(ns.Status ?? new V1NamespaceStatus());
        status.Conditions = [.. (status.Conditions ?? []).Where(c => c.Type != condition.Type), condition];
        return ns with { Status = status };
    }
}
