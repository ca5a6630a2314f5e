using System.Net;
using System.Text.Json;

namespace ChaosLab.Network;

/// <summary>What ADD (and CHECK) report for a pod: its address on the podCIDR, the gateway, the MAC of
/// its interface and the host end of its veth pair.</summary>
public sealed record PodNetworkResult(IPAddress Ip, int PrefixLength, IPAddress Gateway, string Mac, string Interface, string HostInterface)
{
    /// <summary>The pod's address with its prefix, e.g. 10.244.1.5/24.</summary>
    public string Cidr => $"{Ip}/{PrefixLength}";

    public string ToJson() => JsonSerializer.Serialize(
        new ResultFile(Ip.ToString(), PrefixLength, Gateway.ToString(), Mac, Interface, HostInterface), NetworkJson.Default.ResultFile);

    public static PodNetworkResult FromJson(string json)
    {
        var file = JsonSerializer.Deserialize(json, NetworkJson.Default.ResultFile) ?? throw new JsonException("empty result");
        return new PodNetworkResult(IPAddress.Parse(file.Ip), file.PrefixLength, IPAddress.Parse(file.Gateway), file.Mac, file.Interface, file.HostInterface);
    }

    internal sealed record ResultFile(string Ip, int PrefixLength, string Gateway, string Mac, string Interface, string HostInterface);
}
