using k8s.Models;

namespace ChaosLab.ControllerManager.Common;

/// <summary>Whether a namespace still takes new content.</summary>
internal static class NamespaceLifecycle
{
    /// <summary>Phase Active and not marked for deletion: the API server refuses new objects in any other namespace.</summary>
    public static bool IsActive(V1Namespace ns) =>
        ns.Metadata?.DeletionTimestamp is null && ns.Status?.Phase == "Active";
}
