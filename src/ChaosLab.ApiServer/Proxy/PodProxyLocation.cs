using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Proxy;

/// <summary>
/// pods/[scheme:]NAME[:PORT]/proxy, located as upstream's pod ResourceLocation does: the pod's IP (which must be a
/// global unicast address, else 400 "address not allowed") and the port named, else the first port its containers declare.
/// </summary>
public static class PodProxyLocation
{
    private static readonly ResourceType Pods = ResourceCatalog.Find("", "v1", "pods")!;

    public static async Task<ProxyLocation> ResolveAsync(ResourceStore objects, string? ns, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var target = ProxyTarget.TryParse(id) ?? throw ApiException.BadRequest($"invalid pod request \"{id}\"");
        var pod = await objects.GetAsync(Pods, ns, target.Name, ct);
        return Locate(pod, target, id);
    }

    public static ProxyLocation Locate(JsonObject pod, ProxyTarget target, string id)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(target);
        var port = target.Port.Length > 0 ? target.Port : FirstDeclaredPort(pod);
        var ip = (string?)pod["status"]?["podIP"];
        if (ip is null || !IPAddress.TryParse(ip, out var address) || !IsGlobalUnicast(address))
        {
            throw ApiException.BadRequest("address not allowed");
        }
        // Without a port upstream dials the address alone, which is port 80 for http and 443 for https.
        var number = port.Length == 0 ? (target.SchemeOrHttp == "https" ? 443 : 80)
            : ProxyTarget.PortNumber(port) ?? throw ApiException.BadRequest($"invalid pod request \"{id}\": port \"{port}\" is not a port number");
        return new ProxyLocation(target.SchemeOrHttp, address.ToString(), number, PodNode: (string?)pod["spec"]?["nodeName"]);
    }

    /// <summary>As Go's IP.IsGlobalUnicast: not unspecified, loopback, multicast, link-local or the IPv4 broadcast address.</summary>
    public static bool IsGlobalUnicast(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            var unspecified = b.All(x => x == 0);
            var broadcast = b.All(x => x == 255);
            return !unspecified && !broadcast && b[0] != 127 && b[0] is < 224 or > 239 && !(b[0] == 169 && b[1] == 254);
        }
        return !address.Equals(IPAddress.IPv6Any) && !IPAddress.IsLoopback(address) && !address.IsIPv6Multicast && !address.IsIPv6LinkLocal;
    }

    private static string FirstDeclaredPort(JsonObject pod) =>
        (pod["spec"]?["containers"] as JsonArray ?? [])
            .Select(c => (c?["ports"] as JsonArray)?.FirstOrDefault()?["containerPort"])
            .Where(p => p is not null)
            .Select(p => p!.ToString())
            .FirstOrDefault() ?? "";
}
