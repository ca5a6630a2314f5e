namespace ChaosLab.Network.Cni;

/// <summary>
/// What <see cref="CniPlugin"/> does to the node: the bridge plugin's ADD, DEL and CHECK, the loopback
/// device of a namespace, and a few look-ups. <see cref="NodeDataplane"/> is the real one; tests give
/// the protocol a fake, so that it can be checked without root, namespaces or a process.
/// </summary>
public interface ICniDataplane
{
    /// <summary>True when the network namespace path exists (a bind-mounted namespace, e.g. /var/run/netns/X).</summary>
    bool NamespaceExists(string netnsPath);

    /// <summary>The MAC of a device in the node's own namespace (the bridge, a host veth), or null when it has none or is gone.</summary>
    string? MacOf(string device);

    Task<PodNetworkResult> AddAsync(NetworkConfig config, string containerId, string netnsPath, string ifName, CancellationToken ct);

    Task<PodNetworkResult> CheckAsync(NetworkConfig config, string containerId, string netnsPath, string ifName, CancellationToken ct);

    Task DelAsync(NetworkConfig config, string containerId, string? netnsPath, string ifName, CancellationToken ct);

    Task SetLoopbackUpAsync(string netnsPath, CancellationToken ct);

    Task<bool> IsLoopbackUpAsync(string netnsPath, CancellationToken ct);
}
