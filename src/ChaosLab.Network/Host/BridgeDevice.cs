using ChaosLab.Network.Commands;
using ChaosLab.Network.Links;

namespace ChaosLab.Network.Host;

/// <summary>The node bridge: created if missing, given the gateway address and the MTU, and set up.
/// Safe to run on every ADD and from several processes at once.</summary>
public static class BridgeDevice
{
    public static async Task EnsureAsync(NetworkConfig config, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var bridge = config.BridgeName;
        var link = await ShowAsync(bridge, ct);
        if (link is null)
        {
            var add = await Ip.TryAsync(["link", "add", bridge, "mtu", Text(config.Mtu), "type", "bridge"], ct);
            if (!add.Succeeded && !add.Stderr.Contains("File exists", StringComparison.Ordinal))
            {
                throw new CommandFailedException($"creating bridge {bridge}", add);
            }
            link = await ShowAsync(bridge, ct) ?? throw new NetworkPluginException($"bridge {bridge} is missing right after `ip link add`");
        }
        if (link.Kind is not null and not "bridge")
        {
            throw new NetworkPluginException($"device {bridge} exists but is a {link.Kind}, not a bridge; pick another bridge name in the network config");
        }
        if (link.Mtu != config.Mtu)
        {
            await Ip.RunAsync($"setting MTU {config.Mtu} on bridge {bridge}", ["link", "set", bridge, "mtu", Text(config.Mtu)], ct);
        }
        var gateway = new InterfaceAddress(config.Gateway, config.PodCidr.PrefixLength);
        if (!link.Addresses.Contains(gateway))
        {
            await Ip.RunAsync($"giving bridge {bridge} the gateway address {gateway}", ["addr", "replace", gateway.ToString(), "dev", bridge], ct);
        }
        if (!link.IsUp)
        {
            await Ip.RunAsync($"setting bridge {bridge} up", ["link", "set", bridge, "up"], ct);
        }
    }

    /// <summary>The device's state, or null when there is no such device.</summary>
    public static async Task<LinkState?> ShowAsync(string device, CancellationToken ct = default)
    {
        var show = await Ip.TryAsync(["-j", "-d", "addr", "show", "dev", device], ct);
        return show.Succeeded ? LinkState.ParseFirst(show.Stdout) : null;
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
