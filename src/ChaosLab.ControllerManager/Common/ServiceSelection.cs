using k8s.Models;

namespace ChaosLab.ControllerManager.Common;

/// <summary>Which services the endpoint controllers manage, and which services select a pod.</summary>
internal static class ServiceSelection
{
    /// <summary>
    /// Selector services only: ExternalName and selector-less services have user-managed endpoints, and
    /// default/kubernetes is kept by the API servers themselves.
    /// </summary>
    public static bool IsManaged(V1Service service) =>
        service.Spec?.Type != "ExternalName"
        && service.Spec?.Selector is { Count: > 0 }
        && !(service.Metadata.NamespaceProperty == "default" && service.Metadata.Name == "kubernetes");

    public static bool Selects(V1Service service, V1Pod pod) =>
        service.Spec?.Selector is { Count: > 0 } selector && LabelSelectors.MatchesSet(selector, pod.Metadata?.Labels);
}
