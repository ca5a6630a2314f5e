namespace ChaosLab.Kubelet;

/// <summary>
/// The deliberately broken behaviours this kubelet can run with (<c>--mutant=NAME</c>), so that the feature
/// catalog can prove it notices them. The lab's MutantCatalog documents each one.
/// </summary>
public static class KubeletMutants
{
    /// <summary>Creates its node Lease once and never renews it, while node status keeps saying Ready.</summary>
    public const string LeaseStops = "kubelet-lease-stops";

    public static IReadOnlyList<string> All { get; } = [LeaseStops];
}
