namespace ChaosLab.ControllerManager.EndpointSlices;

/// <summary>The labels that tie an EndpointSlice to its Service and to this controller.</summary>
internal static class EndpointSliceLabels
{
    public const string ServiceName = "kubernetes.io/service-name";
    public const string ManagedBy = "endpointslice.kubernetes.io/managed-by";
    public const string ControllerName = "endpointslice-controller.k8s.io";
}
