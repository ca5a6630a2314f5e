using ChaosLab.Lab.Network;

namespace ChaosLab.Lab.Lifecycle;

/// <summary>
/// What `down` and the reaper act on besides the container engine, and how patient they are: the host's
/// firewall, the folder that holds the labs, and how long an object Docker is still letting go of is tried again.
/// The defaults are this machine's; unit tests give their own, so they never touch the host's rules or labs.
/// </summary>
public sealed record TeardownOptions
{
    public IHostFirewall Firewall { get; init; } = MachineFirewall.Instance;

    public string LabsRoot { get; init; } = LabPaths.LabsRoot;

    /// <summary>A container that fails to go (a removal already in progress, a kill still landing) is tried again this long.</summary>
    public TimeSpan ContainerRetry { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A network with active endpoints (a container killed a moment ago may still be detaching) is tried again this long,
    /// then its endpoints are disconnected by force and it is tried again as long once more.
    /// </summary>
    public TimeSpan NetworkRetry { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public LabPaths Paths(string labName) => new(Path.Combine(LabsRoot, labName));
}
