using System.Globalization;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Proxy;

/// <summary>
/// services/[scheme:]NAME[:PORT|PORTNAME]/proxy, located as upstream's service ResourceLocation does: a port number is
/// turned into the name of the Service port it is (503 when none is); then, from the Service's Endpoints, a ready address
/// of a subset carrying a port of that name, starting at a random subset and address, skipping addresses that do not
/// name a pod of the namespace, whose pod is gone, or whose pod has another IP. No such address is 503 "no endpoints available for service".
/// </summary>
public static class ServiceProxyLocation
{
    private static readonly ResourceType Services = ResourceCatalog.Find("", "v1", "services")!;
    private static readonly ResourceType Endpoints = ResourceCatalog.Find("", "v1", "endpoints")!;
    private static readonly ResourceType Pods = ResourceCatalog.Find("", "v1", "pods")!;

    public static async Task<ProxyLocation> ResolveAsync(ResourceStore objects, string? ns, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var target = ProxyTarget.TryParse(id) ?? throw ApiException.BadRequest($"invalid service request \"{id}\"");
        var portName = target.Port;
        if (long.TryParse(target.Port, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            var service = await objects.GetAsync(Services, ns, target.Name, ct);
            portName = PortName(service, number) ?? throw ApiException.Unavailable($"no service port {number} found for service \"{target.Name}\"");
        }
        var endpoints = await objects.GetAsync(Endpoints, ns, target.Name, ct);
        foreach (var (ip, port, podName) in Candidates(endpoints, portName, ns, Random.Shared))
        {
            // upstream's isValidAddress: the address must still be its pod's.
            var pod = podName is null ? null : await TryGetAsync(objects, ns, podName, ct);
            if (pod is null || !PodIps(pod).Contains(ip))
            {
                continue;
            }
            return new ProxyLocation(target.SchemeOrHttp, ip, port, PodNode: (string?)pod["spec"]?["nodeName"]);
        }
        throw ApiException.Unavailable($"no endpoints available for service \"{target.Name}\"");
    }

    /// <summary>The name of the Service port whose number is <paramref name="number"/> ("" for an unnamed one), or null.</summary>
    public static string? PortName(JsonObject service, long number)
    {
        ArgumentNullException.ThrowIfNull(service);
        return (service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(p => (long?)p["port"] == number).Select(p => (string?)p["name"] ?? "").FirstOrDefault();
    }

    /// <summary>
    /// The ready addresses of the subsets that carry a port named <paramref name="portName"/>, in the order upstream tries
    /// them: subsets from a random one on, and within each subset addresses from a random one on. Each with the pod it
    /// names, if its target is a pod of namespace <paramref name="ns"/>.
    /// </summary>
    public static IEnumerable<(string Ip, int Port, string? Pod)> Candidates(JsonObject endpoints, string portName, string? ns, Random random)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(random);
        var subsets = (endpoints["subsets"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (subsets.Count == 0)
        {
            yield break;
        }
        var subsetSeed = random.Next(subsets.Count);
        for (var s = 0; s < subsets.Count; s++)
        {
            var subset = subsets[(subsetSeed + s) % subsets.Count];
            var addresses = (subset["addresses"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            if (addresses.Count == 0)
            {
                continue;
            }
            foreach (var port in (subset["ports"] as JsonArray ?? []).OfType<JsonObject>().Where(p => ((string?)p["name"] ?? "") == portName))
            {
                var addressSeed = random.Next(addresses.Count);
                for (var a = 0; a < addresses.Count; a++)
                {
                    var address = addresses[(addressSeed + a) % addresses.Count];
                    var targetRef = address["targetRef"];
                    var pod = (string?)targetRef?["kind"] == "Pod" && (string?)targetRef["namespace"] == ns ? (string?)targetRef["name"] : null;
                    if ((string?)address["ip"] is { Length: > 0 } ip)
                    {
                        yield return (ip, (int?)port["port"] ?? 0, pod);
                    }
                }
            }
        }
    }

    private static async Task<JsonObject?> TryGetAsync(ResourceStore objects, string? ns, string name, CancellationToken ct)
    {
        try
        {
            return await objects.GetAsync(Pods, ns, name, ct);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            return null;
        }
    }

    private static HashSet<string> PodIps(JsonObject pod) =>
        (pod["status"]?["podIPs"] as JsonArray ?? []).Select(p => (string?)p?["ip"])
            .Append((string?)pod["status"]?["podIP"])
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
}
