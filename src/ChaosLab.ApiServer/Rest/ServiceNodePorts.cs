using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// Node ports of NodePort and LoadBalancer Services, from upstream's default range 30000-32767. Like ClusterIPs, each
/// port held is a key (/registry/ranges/servicenodeports/PORT) written in the same transaction as its Service, so two
/// API servers never hand out one port twice; a port is held by number, whatever its protocol.
/// </summary>
public static class ServiceNodePorts
{
    public const string KeyPrefix = "/registry/ranges/servicenodeports/";
    public const int First = 30000;
    public const int Last = 32767;

    public static string Key(long port) => KeyPrefix + port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether a Service of this spec holds node ports: NodePort, and LoadBalancer unless allocateLoadBalancerNodePorts is false.</summary>
    public static bool Wanted(JsonObject? spec) => spec?.S("type") switch
    {
        "NodePort" => true,
        "LoadBalancer" => !(spec["allocateLoadBalancerNodePorts"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.False),
        _ => false,
    };

    /// <summary>The node ports a stored Service holds.</summary>
    public static IReadOnlySet<long> Held(JsonObject? service)
    {
        var spec = service?["spec"] as JsonObject;
        return spec is null ? new HashSet<long>() : spec.Items("ports").Select(p => (long)(p.Item.Num("nodePort") ?? 0)).Where(p => p > 0).ToHashSet();
    }

    /// <summary>
    /// Gives every port of <paramref name="service"/> that needs a node port one: a requested one is checked against
    /// the range, a missing one drawn at random among those neither held by <paramref name="previous"/> nor taken in
    /// this spec. Returns the ports to take and to give back (those <paramref name="previous"/> held that the
    /// Service no longer carries).
    /// </summary>
    public static (IReadOnlyList<long> Take, IReadOnlyList<long> Release) Plan(JsonObject service, JsonObject? previous)
    {
        ArgumentNullException.ThrowIfNull(service);
        var spec = service["spec"] as JsonObject ?? [];
        var held = Held(previous);
        var ports = spec.Items("ports").ToList();
        if (Wanted(spec))
        {
            var name = (string?)service["metadata"]?["name"] ?? "";
            var used = ports.Select(p => (long)(p.Item.Num("nodePort") ?? 0)).Where(p => p > 0).ToHashSet();
            foreach (var (i, port) in ports)
            {
                var requested = (long)(port.Num("nodePort") ?? 0);
                if (requested == 0)
                {
                    var candidate = Candidate(used);
                    used.Add(candidate);
                    port["nodePort"] = candidate;
                }
                else if (!held.Contains(requested) && requested is < First or > Last)
                {
                    throw ApiException.Invalid("Service", "", name, [Causes.Invalid($"spec.ports[{i}].nodePort", requested,
                        $"provided port is not in the valid range. The range of valid ports is {First}-{Last}")]);
                }
            }
        }
        var now = Held(service);
        return (now.Where(p => !held.Contains(p)).Order().ToList(), held.Where(p => !now.Contains(p)).Order().ToList());
    }

    private static long Candidate(HashSet<long> used)
    {
        while (true)
        {
            var port = First + RandomNumberGenerator.GetInt32(Last - First + 1);
            if (!used.Contains(port))
            {
                return port;
            }
        }
    }
}
