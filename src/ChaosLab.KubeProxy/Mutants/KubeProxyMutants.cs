using k8s.Models;

namespace ChaosLab.KubeProxy.Mutants;

/// <summary>
/// The deliberately broken behaviours kube-proxy can run with (<c>--mutant=NAME</c>), so that the feature
/// catalog can prove it notices them. The lab's MutantCatalog documents each one.
/// </summary>
public static class KubeProxyMutants
{
    /// <summary>Programs every endpoint of a slice, ready or not.</summary>
    public const string KeepsUnready = "proxy-keeps-unready";

    public static IReadOnlyList<string> All { get; } = [KeepsUnready];

    /// <summary>The slices as the proxy-keeps-unready mutant sees them: copies whose endpoints all say ready.</summary>
    public static IReadOnlyList<V1EndpointSlice> AllReady(IEnumerable<V1EndpointSlice> slices) =>
        [.. (slices ?? []).Select(s => new V1EndpointSlice
        {
            AddressType = s.AddressType,
            Metadata = s.Metadata,
            Ports = s.Ports,
            Endpoints = s.Endpoints?.Select(e => new V1Endpoint
            {
                Addresses = e.Addresses,
                Hostname = e.Hostname,
                NodeName = e.NodeName,
                Zone = e.Zone,
                TargetRef = e.TargetRef,
                Conditions = new V1EndpointConditions { Ready = true, Serving = true, Terminating = false },
            }).ToList(),
        })];
}
