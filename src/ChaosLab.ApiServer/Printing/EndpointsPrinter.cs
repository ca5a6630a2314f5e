using System.Globalization;
using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get endpoints: the first three "ip:port" pairs, then "+ N more...".</summary>
public sealed class EndpointsPrinter : ITablePrinter
{
    private const int Shown = 3;

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Endpoints", "string", "The set of all endpoints is the union of all subsets."),
        TableColumn.Age,
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now) => new(obj.Name(), Format(obj), obj.Age(now));

    private static string Format(JsonObject endpoints)
    {
        var subsets = endpoints.Objects("subsets");
        if (subsets.Count == 0)
        {
            return "<none>";
        }

        var list = new List<string>();
        var count = 0;
        foreach (var subset in subsets)
        {
            var ips = subset.Objects("addresses").Select(a => a.Str("ip")).ToList();
            var ports = subset.Objects("ports");
            // A headless service may have no ports: then the bare addresses are listed.
            var pairs = ports.Count == 0 ? ips
                : ports.SelectMany(p => ips.Select(ip => HostPort(ip, p.Long("port")))).ToList();
            count += pairs.Count;
            list.AddRange(pairs.Take(Shown - list.Count));
        }

        var text = string.Join(",", list);
        return count > Shown ? string.Create(CultureInfo.InvariantCulture, $"{text} + {count - Shown} more...") : text;
    }

    /// <summary>Like Go's net.JoinHostPort: IPv6 addresses go in brackets.</summary>
    private static string HostPort(string ip, long port) => ip.Contains(':', StringComparison.Ordinal)
        ? string.Create(CultureInfo.InvariantCulture, $"[{ip}]:{port}")
        : string.Create(CultureInfo.InvariantCulture, $"{ip}:{port}");
}
