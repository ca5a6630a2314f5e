using System.Net;
using System.Globalization;
using ChaosLab.Network.Commands;
using ChaosLab.Network.Host;
using ChaosLab.Network.Ipam;
using ChaosLab.Network.Links;

namespace ChaosLab.Network;

/// <summary>
/// The bridge plugin, shaped like CNI's: ADD wires a pod's network namespace to the node bridge with
/// a veth pair and an address from the node's podCIDR; DEL undoes it; CHECK verifies it. Runs as root
/// in the node (iproute2, iptables, nsenter). ADD and DEL are idempotent per pod id. Calls for one pod
/// are serialized by a lock file (one of <see cref="PodLockStripes"/>, picked by the pod id), so the
/// kubelet and a person at the CLI never interleave on a pod, while different pods are wired at the
/// same time; the node's shared set-up (bridge, masquerade) has a lock of its own.
/// </summary>
public sealed class BridgePlugin(NetworkConfig config)
{
    public const string DefaultInterface = "eth0";
    public const int PodLockStripes = 16;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long a verified node set-up (forwarding, bridge, masquerade) is trusted before ADD checks it again.</summary>
    private static readonly TimeSpan HostSetupRecheck = TimeSpan.FromSeconds(10);

    private readonly HostLocalIpam _ipam = HostLocalIpam.For(config);
    private readonly HostSetupStamp _hostSetupStamp = HostSetupStamp.For(config, HostSetupRecheck);
    private DateTime _hostSetupVerifiedAt = DateTime.MinValue;

    public NetworkConfig Config { get; } = config ?? throw new ArgumentNullException(nameof(config));

    public async Task<PodNetworkResult> AddAsync(string podId, string netnsPath, string ifName = DefaultInterface, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(podId);
        RequireNetns(netnsPath);
        await EnsureHostSetupAsync(ct);
        using var podLock = await LockPodAsync(podId, ct);

        var hostVeth = VethName.For(podId);
        if (await BridgeDevice.ShowAsync(hostVeth, ct) is not null)
        {
            // A repeated ADD: keep a healthy attachment, rebuild a half-made one.
            if (await TryCheckAsync(podId, netnsPath, ifName, ct) is { } existing)
            {
                return existing;
            }
            await DeleteLinkAsync(hostVeth, ct);
        }

        var ip = await _ipam.AllocateAsync(podId, ct);
        try
        {
            var address = new InterfaceAddress(ip, Config.PodCidr.PrefixLength);
            var mac = MacFor(ip);
            await WireAsync(hostVeth, netnsPath, ifName, address, mac, ct);
            return new PodNetworkResult(ip, address.PrefixLength, Config.Gateway, mac, ifName, hostVeth);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var rollback = await RollBackAsync(podId, hostVeth);
            throw new NetworkPluginException($"ADD for pod {podId} (netns {netnsPath}) failed{rollback}: {ex.Message}", ex);
        }
    }

    /// <summary>Removes the pod's veth pair and releases its address. Succeeds when there is nothing left to remove.</summary>
    public async Task DelAsync(string podId, string? netnsPath, string ifName = DefaultInterface, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(podId);
        using var podLock = await LockPodAsync(podId, ct);
        var hostVeth = VethName.For(podId);
        var deleted = await DeleteLinkAsync(hostVeth, ct);
        if (!deleted && !string.IsNullOrEmpty(netnsPath) && File.Exists(netnsPath))
        {
            // Deleting one end removes both; with no host end, this covers a pod interface whose host end was renamed or lost.
            _ = await Ip.TryInNetnsAsync(netnsPath, ["link", "del", ifName], ct);
        }
        await _ipam.ReleaseAsync(podId, ct);
    }

    /// <summary>Verifies the pod's attachment and returns it; throws naming the first thing that is wrong.</summary>
    public async Task<PodNetworkResult> CheckAsync(string podId, string netnsPath, string ifName = DefaultInterface, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(podId);
        RequireNetns(netnsPath);
        var ip = _ipam.Find(podId) ?? throw new NetworkPluginException($"pod {podId} holds no address in {Config.PodCidr} (IPAM {Config.IpamDirectory})");
        var hostVeth = VethName.For(podId);
        var host = await BridgeDevice.ShowAsync(hostVeth, ct) ?? throw new NetworkPluginException($"pod {podId}: host veth {hostVeth} does not exist");
        if (host.Master != Config.BridgeName || !host.IsUp)
        {
            throw new NetworkPluginException($"pod {podId}: host veth {hostVeth} is {(host.IsUp ? "up" : "down")} on master '{host.Master}', expected up on {Config.BridgeName}");
        }
        var show = await Ip.TryInNetnsAsync(netnsPath, ["-j", "addr", "show", "dev", ifName], ct);
        var pod = (show.Succeeded ? LinkState.ParseFirst(show.Stdout) : null)
            ?? throw new NetworkPluginException($"pod {podId}: no {ifName} in netns {netnsPath}: {show.Stderr.Trim()}");
        var expected = new InterfaceAddress(ip, Config.PodCidr.PrefixLength);
        if (!pod.IsUp || !pod.Addresses.Contains(expected))
        {
            throw new NetworkPluginException($"pod {podId}: {ifName} in {netnsPath} is {(pod.IsUp ? "up" : "down")} with [{string.Join(", ", pod.Addresses)}], expected up with {expected}");
        }
        var route = await Ip.TryInNetnsAsync(netnsPath, ["route", "show", "default"], ct);
        if (!route.Stdout.Contains($"via {Config.Gateway} ", StringComparison.Ordinal))
        {
            throw new NetworkPluginException($"pod {podId}: default route in {netnsPath} is '{route.Stdout.Trim()}', expected via {Config.Gateway}");
        }
        return new PodNetworkResult(ip, Config.PodCidr.PrefixLength, Config.Gateway, pod.Mac, ifName, hostVeth);
    }

    /// <summary>
    /// Every step of the wiring, in two `ip -batch` processes (node side, pod side): process start-up is
    /// most of what ADD costs. Each command's success is the proof: nothing is read back afterwards.
    /// </summary>
    private async Task WireAsync(string hostVeth, string netnsPath, string ifName, InterfaceAddress address, string mac, CancellationToken ct)
    {
        var mtu = Config.Mtu.ToString(CultureInfo.InvariantCulture);
        // The peer is born inside the pod's namespace under its final name: no temporary name on the node.
        await Ip.BatchAsync($"creating veth {hostVeth} with peer {ifName} in {netnsPath} on bridge {Config.BridgeName}", null,
        [
            ["link", "add", hostVeth, "mtu", mtu, "type", "veth", "peer", "name", ifName, "address", mac, "mtu", mtu, "netns", netnsPath],
            ["link", "set", hostVeth, "master", Config.BridgeName],
            ["link", "set", hostVeth, "up"],
        ], ct);
        await Ip.BatchAsync($"configuring {ifName} ({address}, default route via {Config.Gateway}) in {netnsPath}", netnsPath,
        [
            ["link", "set", "lo", "up"],
            ["addr", "replace", address.ToString(), "dev", ifName],
            ["link", "set", ifName, "up"],
            ["route", "replace", "default", "via", Config.Gateway.ToString(), "dev", ifName],
        ], ct);
    }

    /// <summary>
    /// The pod interface's MAC, derived from its IPv4 address behind the locally administered prefix
    /// 0a:58 (as Kubernetes network plugins have long done): stable for an address, and known without
    /// asking the kernel.
    /// </summary>
    public static string MacFor(IPAddress ip)
    {
        ArgumentNullException.ThrowIfNull(ip);
        var bytes = ip.GetAddressBytes();
        return "0a:58:" + string.Join(':', bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Bridge, masquerade, the node-port guard and forwarding, checked under the node-wide lock at most
    /// every <see cref="HostSetupRecheck"/>, by this instance or by any plugin process on the node
    /// (<see cref="HostSetupStamp"/>: a CNI call is a process of its own).
    /// </summary>
    private async Task EnsureHostSetupAsync(CancellationToken ct)
    {
        if (HostSetupIsFresh())
        {
            return;
        }
        using var nodeLock = await FileLock.AcquireAsync(Path.Combine(Config.IpamDirectory, "plugin.lock"), LockTimeout, ct);
        if (HostSetupIsFresh())
        {
            return;
        }
        await IpForwarding.EnsureEnabledAsync(ct);
        await BridgeDevice.EnsureAsync(Config, ct);
        await Masquerade.EnsureAsync(Config, ct);
        await NodePortGuard.EnsureAsync(Config, ct);
        _hostSetupVerifiedAt = DateTime.UtcNow;
        _hostSetupStamp.Record();
    }

    private bool HostSetupIsFresh()
    {
        if (DateTime.UtcNow - _hostSetupVerifiedAt < HostSetupRecheck)
        {
            return true;
        }
        if (_hostSetupStamp.FreshVerification() is not { } verifiedAt)
        {
            return false;
        }
        _hostSetupVerifiedAt = verifiedAt;
        return true;
    }

    /// <summary>Undoes a failed ADD; says how that went, so a failed rollback does not hide the first error.</summary>
    private async Task<string> RollBackAsync(string podId, string hostVeth)
    {
        try
        {
            await DeleteLinkAsync(hostVeth, CancellationToken.None);
            await _ipam.ReleaseAsync(podId, CancellationToken.None);
            return " and was rolled back";
        }
        catch (Exception ex) when (ex is NetworkPluginException or IOException)
        {
            return $" (rolling back also failed: {ex.Message})";
        }
    }

    private async Task<PodNetworkResult?> TryCheckAsync(string podId, string netnsPath, string ifName, CancellationToken ct)
    {
        try
        {
            return await CheckAsync(podId, netnsPath, ifName, ct);
        }
        catch (NetworkPluginException)
        {
            return null;
        }
    }

    /// <summary>Deletes the device; returns true when it deleted one, false when there was none.</summary>
    private static async Task<bool> DeleteLinkAsync(string device, CancellationToken ct)
    {
        var del = await Ip.TryAsync(["link", "del", device], ct);
        if (!del.Succeeded && await BridgeDevice.ShowAsync(device, ct) is not null)
        {
            throw new CommandFailedException($"deleting {device}", del);
        }
        return del.Succeeded;
    }

    private Task<FileLock> LockPodAsync(string podId, CancellationToken ct)
    {
        var stripe = Convert.ToInt32(VethName.For(podId)[^1..], 16) % PodLockStripes;
        return FileLock.AcquireAsync(Path.Combine(Config.IpamDirectory, "locks", $"pod-{stripe:x}.lock"), LockTimeout, ct);
    }

    private static void RequireNetns(string netnsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(netnsPath);
        if (!File.Exists(netnsPath))
        {
            throw new NetworkPluginException($"network namespace {netnsPath} does not exist");
        }
    }
}
