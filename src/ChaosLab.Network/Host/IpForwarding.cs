namespace ChaosLab.Network.Host;

/// <summary>IPv4 forwarding in the node's network namespace: pods' traffic is routed through the node.</summary>
public static class IpForwarding
{
    public const string SysctlPath = "/proc/sys/net/ipv4/ip_forward";

    public static async Task EnsureEnabledAsync(CancellationToken ct = default)
    {
        try
        {
            if ((await File.ReadAllTextAsync(SysctlPath, ct)).Trim() != "1")
            {
                await File.WriteAllTextAsync(SysctlPath, "1", ct);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NetworkPluginException($"cannot enable IP forwarding through {SysctlPath}: {ex.Message} (the plugin runs as root with CAP_NET_ADMIN)", ex);
        }
    }
}
