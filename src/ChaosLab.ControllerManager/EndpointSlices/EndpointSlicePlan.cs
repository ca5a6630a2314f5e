using k8s.Models;

namespace ChaosLab.ControllerManager.EndpointSlices;

/// <summary>The slice writes that bring a service's EndpointSlices in line: creates use generateName.</summary>
internal sealed record EndpointSlicePlan(
    IReadOnlyList<V1EndpointSlice> Creates,
    IReadOnlyList<V1EndpointSlice> Updates,
    IReadOnlyList<V1EndpointSlice> Deletes)
{
    public bool IsEmpty => Creates.Count == 0 && Updates.Count == 0 && Deletes.Count == 0;
}
