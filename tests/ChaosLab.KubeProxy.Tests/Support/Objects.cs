using k8s.Models;

namespace ChaosLab.KubeProxy.Tests.Support;

/// <summary>Plain Service and EndpointSlice objects for rule tests.</summary>
public static class Objects
{
    public static V1Service Service(string ns, string name, string clusterIp, params V1ServicePort[] ports) => new()
    {
        Metadata = new V1ObjectMeta { NamespaceProperty = ns, Name = name },
        Spec = new V1ServiceSpec { ClusterIP = clusterIp, Type = "ClusterIP", Ports = ports },
    };

    public static V1ServicePort Port(string? name, int port, string protocol = "TCP", int? nodePort = null) =>
        new() { Name = name, Port = port, Protocol = protocol, NodePort = nodePort };

    public static V1EndpointSlice Slice(string ns, string service, IEnumerable<Discoveryv1EndpointPort> ports, params V1Endpoint[] endpoints) => new()
    {
        Metadata = new V1ObjectMeta
        {
            NamespaceProperty = ns,
            Name = $"{service}-{Guid.NewGuid().ToString("N")[..5]}",
            Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = service },
        },
        AddressType = "IPv4",
        Ports = [.. ports],
        Endpoints = endpoints,
    };

    public static Discoveryv1EndpointPort SlicePort(string? name, int port, string protocol = "TCP") =>
        new() { Name = name, Port = port, Protocol = protocol };

    public static V1Endpoint Endpoint(string ip, bool? ready = true, string? node = null) => new()
    {
        Addresses = [ip],
        NodeName = node,
        Conditions = new V1EndpointConditions { Ready = ready, Serving = ready, Terminating = ready == false ? true : false },
    };

    /// <summary>The "-A" lines of one chain in one table of a restore input, in order.</summary>
    public static IReadOnlyList<string> ChainRules(string restore, string table, string chain)
    {
        var lines = Table(restore, table);
        return [.. lines.Where(l => l.StartsWith($"-A {chain} ", StringComparison.Ordinal))];
    }

    public static IReadOnlyList<string> Table(string restore, string table)
    {
        var lines = restore.Split('\n');
        var start = Array.IndexOf(lines, "*" + table);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"no *{table} in:\n{restore}");
        var end = Array.IndexOf(lines, "COMMIT", start);
        return lines[(start + 1)..end];
    }
}
