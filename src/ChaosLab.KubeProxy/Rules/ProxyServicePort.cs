using System.Net;
using System.Net.Sockets;
using k8s.Models;

namespace ChaosLab.KubeProxy.Rules;

/// <summary>What the rules need from one port of a Service: its virtual IP and ports, protocol and traffic policy.</summary>
public sealed record ProxyServicePort(
    ServicePortName Name,
    string Protocol,
    string ClusterIp,
    int Port,
    int NodePort,
    bool InternalTrafficLocal)
{
    /// <summary>Lower-case protocol as iptables spells it: tcp, udp or sctp.</summary>
    public string Protocol { get; } = Protocol.ToLowerInvariant();

    /// <summary>
    /// The proxied ports of a Service. Headless services (clusterIP None), ExternalName services and
    /// services without an IPv4 cluster IP are not proxied and yield nothing.
    /// </summary>
    public static IEnumerable<ProxyServicePort> From(V1Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var spec = service.Spec;
        if (spec?.Ports is null || service.Metadata?.Name is null
            || string.Equals(spec.Type, "ExternalName", StringComparison.Ordinal)
            || !IsIPv4(spec.ClusterIP))
        {
            yield break;
        }
        var ns = service.Metadata.NamespaceProperty ?? "default";
        var internalLocal = string.Equals(spec.InternalTrafficPolicy, "Local", StringComparison.Ordinal);
        foreach (var port in spec.Ports)
        {
            yield return new ProxyServicePort(
                new ServicePortName(ns, service.Metadata.Name, port.Name ?? ""),
                port.Protocol ?? "TCP",
                spec.ClusterIP,
                port.Port,
                port.NodePort ?? 0,
                internalLocal);
        }
    }

    private static bool IsIPv4(string? ip) =>
        IPAddress.TryParse(ip, out var address) && address.AddressFamily == AddressFamily.InterNetwork;
}
