using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get services: Type, Cluster-IP, External-IP, Port(s) such as "80/TCP,443:30443/TCP".</summary>
public sealed class ServicePrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Type", "string", "type determines how the Service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName."),
        new("Cluster-IP", "string", "clusterIP is the IP address of the service, usually assigned randomly."),
        new("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
        new("Port(s)", "string", "The list of ports that are exposed by this service."),
        TableColumn.Age,
        new("Selector", "string", "Route service traffic to pods with label keys and values matching this selector.", 1),
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var spec = obj.At("spec");
        // The server defaults type to ClusterIP and fills clusterIPs from clusterIP; read stored objects the same way.
        var type = spec.Str("type") is { Length: > 0 } t ? t : "ClusterIP";
        var clusterIp = spec.Strings("clusterIPs") is [var first, ..] ? first : spec.Str("clusterIP");
        return new JsonArray(
            obj.Name(), type, clusterIp.OrNone(), ExternalIp(obj, type), Ports(spec).OrNone(), obj.Age(now),
            LabelFormat.Labels(spec.StringMap("selector")));
    }

    private static string Ports(JsonNode? spec) => string.Join(",", spec.Objects("ports").Select(p =>
    {
        var protocol = p.Str("protocol") is { Length: > 0 } proto ? proto : "TCP";
        return p.Long("nodePort") > 0 ? $"{p.Long("port")}:{p.Long("nodePort")}/{protocol}" : $"{p.Long("port")}/{protocol}";
    }));

    private static string ExternalIp(JsonObject service, string type)
    {
        var externalIps = service.Strings("spec", "externalIPs");
        switch (type)
        {
            case "ClusterIP" or "NodePort":
                return string.Join(",", externalIps).OrNone();
            case "LoadBalancer":
                var ingress = service.Objects("status", "loadBalancer", "ingress")
                    .Select(i => i.Str("ip") is { Length: > 0 } ip ? ip : i.Str("hostname"))
                    .Where(a => a.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
                var all = ingress.Concat(externalIps).ToList();
                return all.Count > 0 ? string.Join(",", all) : "<pending>";
            case "ExternalName":
                return service.Str("spec", "externalName");
            default:
                return "<unknown>";
        }
    }
}
