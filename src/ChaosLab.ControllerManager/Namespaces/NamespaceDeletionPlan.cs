using k8s.Models;

namespace ChaosLab.ControllerManager.Namespaces;

/// <summary>What to do for a namespace being deleted.</summary>
/// <param name="Finalize">The namespace to PUT to namespaces/{name}/finalize (our finalizer removed); null while content remains.</param>
/// <param name="Remaining">Resources that still have objects, with their counts (for logs and the status condition).</param>
internal sealed record NamespaceDeletionPlan(V1Namespace? Finalize, IReadOnlyDictionary<string, int> Remaining)
{
    public static readonly NamespaceDeletionPlan Nothing = new(null, new Dictionary<string, int>());

    public bool ContentRemains => Remaining.Count > 0;
}
