using System.Net;
using System.Text.Json;

namespace ChaosLab.Network.Links;

/// <summary>One network device as `ip -j [-d] addr show dev NAME` reports it.</summary>
/// <remarks>With `ip -d`, <see cref="Kind"/> is the link type ("bridge", "veth"); without it, null.</remarks>
public sealed record LinkState(string Name, string Mac, string? Master, bool IsUp, int Mtu, string? Kind, IReadOnlyList<InterfaceAddress> Addresses)
{
    /// <summary>Parses `ip -j addr show` output; returns the first device, or null when there is none.</summary>
    public static LinkState? ParseFirst(string json)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "[]" : json);
        foreach (var link in document.RootElement.EnumerateArray())
        {
            return Parse(link);
        }
        return null;
    }

    private static LinkState Parse(JsonElement link)
    {
        var flags = link.TryGetProperty("flags", out var f) ? f.EnumerateArray().Select(x => x.GetString()).ToList() : [];
        var addresses = new List<InterfaceAddress>();
        if (link.TryGetProperty("addr_info", out var info))
        {
            foreach (var a in info.EnumerateArray())
            {
                if (a.TryGetProperty("family", out var family) && family.GetString() == "inet")
                {
                    addresses.Add(new InterfaceAddress(IPAddress.Parse(a.GetProperty("local").GetString()!), a.GetProperty("prefixlen").GetInt32()));
                }
            }
        }
        return new LinkState(
            link.GetProperty("ifname").GetString()!,
            link.TryGetProperty("address", out var mac) ? mac.GetString() ?? "" : "",
            link.TryGetProperty("master", out var master) ? master.GetString() : null,
            flags.Contains("UP"),
            link.TryGetProperty("mtu", out var mtu) ? mtu.GetInt32() : 0,
            link.TryGetProperty("linkinfo", out var linkInfo) && linkInfo.TryGetProperty("info_kind", out var kind) ? kind.GetString() : null,
            addresses);
    }
}
