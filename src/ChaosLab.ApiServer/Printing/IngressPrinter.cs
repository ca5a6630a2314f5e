using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get ingresses: Class, the rules' hosts, the load balancer's addresses, and 80 or "80, 443" with TLS.</summary>
public sealed class IngressPrinter : ITablePrinter
{
    private const int HostsShown = 3;

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Class", "string", "The name of the IngressClass resource that should be used for ingress."),
        new("Hosts", "string", "Hosts that incoming requests are matched against before the ingress rule"),
        new("Address", "string", "Address is a list containing ingress points for the load-balancer"),
        new("Ports", "string", "Ports of TLS configurations that open"),
        TableColumn.Age,
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var ports = obj.Objects("spec", "tls").Count > 0 ? "80, 443" : "80";
        var addresses = obj.Objects("status", "loadBalancer", "ingress")
            .Select(i => i.Str("ip") is { Length: > 0 } ip ? ip : i.Str("hostname")).Where(a => a.Length > 0);
        return new JsonArray(
            obj.Name(), obj.Str("spec", "ingressClassName").OrNone(), Hosts(obj), string.Join(",", addresses), ports, obj.Age(now));
    }

    private static string Hosts(JsonObject ingress)
    {
        var hosts = ingress.Objects("spec", "rules").Select(r => r.Str("host") is { Length: > 0 } host ? host : "*").ToList();
        if (hosts.Count == 0)
        {
            return "*";
        }

        var text = string.Join(",", hosts.Take(HostsShown));
        return hosts.Count > HostsShown ? $"{text} + {hosts.Count - HostsShown} more..." : text;
    }
}
