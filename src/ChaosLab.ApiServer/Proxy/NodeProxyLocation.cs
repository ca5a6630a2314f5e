using System.Net;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Streaming;

namespace ChaosLab.ApiServer.Proxy;

/// <summary>
/// nodes/[scheme:]NAME[:PORT]/proxy, located as upstream's node ResourceLocation does: no port, or the kubelet's own,
/// is the kubelet's API over HTTPS with the API server's kubelet client certificate; another port is that port on the
/// node's address, in the scheme named (http when none), spoken to as any proxied backend.
/// </summary>
public static class NodeProxyLocation
{
    private static readonly ResourceType Nodes = ResourceCatalog.Find("", "v1", "nodes")!;

    public static async Task<ProxyLocation> ResolveAsync(ResourceStore objects, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var target = ProxyTarget.TryParse(id) ?? throw ApiException.BadRequest($"invalid node request \"{id}\"");
        var node = await objects.GetAsync(Nodes, null, target.Name, ct);
        return Locate(node, target, id);
    }

    public static ProxyLocation Locate(JsonObject node, ProxyTarget target, string id)
    {
        ArgumentNullException.ThrowIfNull(target);
        var (host, kubeletPort) = KubeletConnection.Endpoint(node);
        if (IPAddress.TryParse(host, out var address) && (IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || IsIpv4LinkLocal(address)))
        {
            throw ApiException.BadRequest($"address not allowed");
        }
        if (target.Port.Length == 0)
        {
            return new ProxyLocation("https", host, kubeletPort, Kubelet: true);
        }
        var port = ProxyTarget.PortNumber(target.Port) ?? throw ApiException.BadRequest($"invalid node request \"{id}\": port \"{target.Port}\" is not a port number");
        return port == kubeletPort
            ? new ProxyLocation("https", host, kubeletPort, Kubelet: true)
            : new ProxyLocation(target.SchemeOrHttp, host, port);
    }

    private static bool IsIpv4LinkLocal(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && address.GetAddressBytes() is [169, 254, ..];
}
