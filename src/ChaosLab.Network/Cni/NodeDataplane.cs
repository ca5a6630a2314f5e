using ChaosLab.Network.Commands;
using ChaosLab.Network.Links;

namespace ChaosLab.Network.Cni;

/// <summary>The node itself: <see cref="BridgePlugin"/> for the pod interface, iproute2 (through nsenter) for loopback, sysfs for MACs.</summary>
public sealed class NodeDataplane : ICniDataplane
{
    private const string SysClassNet = "/sys/class/net";

    public bool NamespaceExists(string netnsPath) => File.Exists(netnsPath);

    /// <summary>Read from sysfs, which shows the node's own namespace here: no process to start.</summary>
    public string? MacOf(string device)
    {
        ArgumentException.ThrowIfNullOrEmpty(device);
        if (device.Contains('/', StringComparison.Ordinal) || device is "." or "..")
        {
            return null;
        }
        try
        {
            var mac = File.ReadAllText(Path.Combine(SysClassNet, device, "address")).Trim();
            return mac.Length == 0 ? null : mac;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public Task<PodNetworkResult> AddAsync(NetworkConfig config, string containerId, string netnsPath, string ifName, CancellationToken ct) =>
        new BridgePlugin(config).AddAsync(containerId, netnsPath, ifName, ct);

    public Task<PodNetworkResult> CheckAsync(NetworkConfig config, string containerId, string netnsPath, string ifName, CancellationToken ct) =>
        new BridgePlugin(config).CheckAsync(containerId, netnsPath, ifName, ct);

    public Task DelAsync(NetworkConfig config, string containerId, string? netnsPath, string ifName, CancellationToken ct) =>
        new BridgePlugin(config).DelAsync(containerId, netnsPath, ifName, ct);

    public Task SetLoopbackUpAsync(string netnsPath, CancellationToken ct) =>
        Ip.InNetnsAsync($"setting lo up in {netnsPath}", netnsPath, ["link", "set", "lo", "up"], ct);

    public async Task<bool> IsLoopbackUpAsync(string netnsPath, CancellationToken ct)
    {
        var show = await Ip.InNetnsAsync($"reading lo in {netnsPath}", netnsPath, ["-j", "addr", "show", "dev", "lo"], ct);
        return LinkState.ParseFirst(show.Stdout)?.IsUp == true;
    }
}
