using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.ReplicaSets;

/// <summary>Builds a pod from a ReplicaSet's template (upstream's GetPodFromTemplate).</summary>
internal static class PodTemplates
{
    public static V1Pod NewPod(V1ReplicaSet rs)
    {
        var template = rs.Spec?.Template ?? throw new InvalidOperationException($"replicaset {rs.Metadata.Name} has no pod template");
        var copy = ObjectJson.Clone(template);
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                // The server appends a random suffix: <rs>-xxxxx, like upstream's pods.
                GenerateName = rs.Metadata.Name + "-",
                NamespaceProperty = rs.Metadata.NamespaceProperty,
                Labels = copy.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
                Annotations = copy.Metadata?.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                Finalizers = copy.Metadata?.Finalizers is { } finalizers ? [.. finalizers] : null,
                OwnerReferences = [OwnerReferences.ControllerRef(rs.Metadata, "apps/v1", "ReplicaSet")],
            },
            Spec = copy.Spec,
        };
    }
}
