using System.Net;
using System.Text.Json;
using ChaosLab.Network.Commands;

namespace ChaosLab.Network.Routes;

/// <summary>The node's main IPv4 routing table, read through `ip -j route show`.</summary>
public static class RouteTable
{
    public static async Task<IReadOnlyList<HostRoute>> ReadAsync(CancellationToken ct = default)
    {
        var show = await Ip.RunAsync("reading the routing table", ["-4", "-j", "route", "show", "table", "main"], ct);
        return Parse(show.Stdout);
    }

    /// <summary>Parses `ip -j route show` output; "default" and unparsable destinations are skipped.</summary>
    public static IReadOnlyList<HostRoute> Parse(string json)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "[]" : json);
        var routes = new List<HostRoute>();
        foreach (var route in document.RootElement.EnumerateArray())
        {
            var dst = route.TryGetProperty("dst", out var d) ? d.GetString() : null;
            if (dst is null || dst == "default")
            {
                continue;
            }
            var cidr = dst.Contains('/', StringComparison.Ordinal) ? dst : dst + "/32";
            if (!IPNetwork.TryParse(cidr, out var destination))
            {
                continue;
            }
            IPAddress? gateway = route.TryGetProperty("gateway", out var g) && IPAddress.TryParse(g.GetString(), out var parsed) ? parsed : null;
            routes.Add(new HostRoute(destination, gateway));
        }
        return routes;
    }
}
