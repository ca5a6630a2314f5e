using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChaosLab.Network.Addressing;

namespace ChaosLab.Network;

/// <summary>
/// The plugin's configuration on one node, like a CNI network config: the node bridge, the node's
/// podCIDR (the gateway is its first address, on the bridge), the MTU, the cluster pod CIDR (traffic
/// to it is never masqueraded) and where IPAM keeps its allocations. Validated on construction.
/// </summary>
public sealed partial record NetworkConfig
{
    public const string DefaultBridge = "cl0";
    public const int DefaultMtu = 1500;
    public const string DefaultDataDirectory = "/var/lib/chaoslab/cni";

    public static IPNetwork DefaultClusterCidr { get; } = IPNetwork.Parse("10.244.0.0/16");

    /// <summary>Web defaults (camelCase, case-insensitive names), indented; source-generated, so the NativeAOT plugin can use it.</summary>
    private static readonly NetworkJson Json = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });

    public NetworkConfig(IPNetwork podCidr, IPNetwork? clusterCidr = null, string bridgeName = DefaultBridge, int mtu = DefaultMtu, string dataDirectory = DefaultDataDirectory)
    {
        var cluster = clusterCidr ?? DefaultClusterCidr;
        if (podCidr.BaseAddress.AddressFamily != AddressFamily.InterNetwork || cluster.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"podCidr {podCidr} and clusterCidr {cluster} must both be IPv4");
        }
        if (podCidr.PrefixLength > 30)
        {
            throw new ArgumentException($"podCidr {podCidr} is too small: a /30 or larger is needed for a gateway and one pod", nameof(podCidr));
        }
        if (!Ipv4.IsWithin(podCidr, cluster))
        {
            throw new ArgumentException($"podCidr {podCidr} is not inside the cluster pod CIDR {cluster}", nameof(podCidr));
        }
        if (!BridgeNamePattern().IsMatch(bridgeName ?? ""))
        {
            throw new ArgumentException($"invalid bridge name '{bridgeName}': 1-15 letters, digits, '_', '.' or '-'", nameof(bridgeName));
        }
        if (mtu is < 576 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(mtu), $"mtu {mtu} is outside 576..65535");
        }
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            throw new ArgumentException("dataDir must not be empty", nameof(dataDirectory));
        }
        PodCidr = podCidr;
        ClusterCidr = cluster;
        BridgeName = bridgeName!;
        Mtu = mtu;
        DataDirectory = dataDirectory;
    }

    /// <summary>This node's pod subnet, e.g. 10.244.1.0/24.</summary>
    public IPNetwork PodCidr { get; }

    /// <summary>Every node's pod subnets together, e.g. 10.244.0.0/16.</summary>
    public IPNetwork ClusterCidr { get; }

    public string BridgeName { get; }

    public int Mtu { get; }

    public string DataDirectory { get; }

    /// <summary>The first address of the podCIDR, held by the bridge: every pod's default route.</summary>
    public IPAddress Gateway => Ipv4.AddressAt(PodCidr, 1);

    /// <summary>Where this bridge's IPAM keeps one file per allocated address.</summary>
    public string IpamDirectory => Path.Combine(DataDirectory, BridgeName);

    public static NetworkConfig FromJson(string json)
    {
        ConfigFile file;
        try
        {
            file = JsonSerializer.Deserialize(json, Json.ConfigFile) ?? throw new NetworkPluginException("invalid network config: empty document");
        }
        catch (JsonException ex)
        {
            throw new NetworkPluginException($"invalid network config: {ex.Message}", ex);
        }
        return FromFields(file.PodCidr, file.ClusterCidr, file.Bridge, file.Mtu, file.DataDir);
    }

    /// <summary>Builds a config from the file's fields as written (null: the default); throws <see cref="NetworkPluginException"/> saying what is invalid.</summary>
    public static NetworkConfig FromFields(string? podCidr, string? clusterCidr, string? bridge, int? mtu, string? dataDir)
    {
        try
        {
            return new NetworkConfig(
                Ipv4.ParseSubnet(podCidr ?? throw new ArgumentException("podCidr is required")),
                clusterCidr is null ? null : Ipv4.ParseSubnet(clusterCidr),
                bridge ?? DefaultBridge,
                mtu ?? DefaultMtu,
                dataDir ?? DefaultDataDirectory);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw new NetworkPluginException($"invalid network config: {ex.Message}", ex);
        }
    }

    public static NetworkConfig Load(string path)
    {
        try
        {
            return FromJson(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NetworkPluginException($"cannot read network config {path}: {ex.Message}", ex);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(
        new ConfigFile("1.0.0", "chaoslab", "chaoslab-bridge", BridgeName, PodCidr.ToString(), ClusterCidr.ToString(), Mtu, DataDirectory), Json.ConfigFile);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$")]
    private static partial Regex BridgeNamePattern();

    /// <summary>The file form; CNI's cniVersion, name and type are written for familiarity and ignored on read.</summary>
    internal sealed record ConfigFile(string? CniVersion, string? Name, string? Type, string? Bridge, string? PodCidr, string? ClusterCidr, int? Mtu, string? DataDir);
}
