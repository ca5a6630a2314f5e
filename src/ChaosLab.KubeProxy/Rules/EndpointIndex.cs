using System.Net;
using System.Net.Sockets;
using k8s.Models;

namespace ChaosLab.KubeProxy.Rules;

/// <summary>
/// The ready endpoints of every service port, gathered from EndpointSlices the way upstream's
/// EndpointSliceCache does: slices belong to the service named by their kubernetes.io/service-name
/// label; an endpoint serves a port of the same name and protocol; only IPv4 slices; only endpoints
/// whose conditions.ready is true (serving and not terminating; nil counts as ready, as the API
/// says); the first address of an endpoint; duplicates across slices merged; sorted by "ip:port".
/// </summary>
public sealed class EndpointIndex
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly Dictionary<(ServicePortName Name, string Protocol), List<ProxyEndpoint>> _endpoints;

    private EndpointIndex(Dictionary<(ServicePortName, string), List<ProxyEndpoint>> endpoints) => _endpoints = endpoints;

    /// <summary>The ready endpoints of a service port, sorted by "ip:port"; empty when it has none.</summary>
    public IReadOnlyList<ProxyEndpoint> For(ServicePortName name, string protocol) =>
        _endpoints.TryGetValue((name, protocol.ToLowerInvariant()), out var list) ? list : [];

    public static EndpointIndex Build(IEnumerable<V1EndpointSlice> slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        var byPort = new Dictionary<(ServicePortName, string), Dictionary<string, ProxyEndpoint>>();
        foreach (var slice in slices)
        {
            if (!string.Equals(slice.AddressType, "IPv4", StringComparison.Ordinal)
                || slice.Metadata?.Labels?.TryGetValue(ServiceNameLabel, out var service) != true
                || string.IsNullOrEmpty(service))
            {
                continue;
            }
            var ns = slice.Metadata.NamespaceProperty ?? "default";
            foreach (var port in slice.Ports ?? [])
            {
                if (port.Port is not { } number || number <= 0)
                {
                    continue;
                }
                var key = (new ServicePortName(ns, service, port.Name ?? ""), (port.Protocol ?? "TCP").ToLowerInvariant());
                if (!byPort.TryGetValue(key, out var endpoints))
                {
                    endpoints = new Dictionary<string, ProxyEndpoint>(StringComparer.Ordinal);
                    byPort[key] = endpoints;
                }
                foreach (var endpoint in slice.Endpoints ?? [])
                {
                    if (IsReady(endpoint) && FirstIPv4(endpoint) is { } ip)
                    {
                        var proxied = new ProxyEndpoint(ip, number, endpoint.NodeName);
                        endpoints.TryAdd(proxied.ToString(), proxied);
                    }
                }
            }
        }
        return new EndpointIndex(byPort.ToDictionary(
            pair => pair.Key,
            pair => pair.Value.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value).ToList()));
    }

    private static bool IsReady(V1Endpoint endpoint) => endpoint.Conditions?.Ready ?? true;

    private static string? FirstIPv4(V1Endpoint endpoint) =>
        endpoint.Addresses is [var first, ..] && IPAddress.TryParse(first, out var address) && address.AddressFamily == AddressFamily.InterNetwork
            ? address.ToString()
            : null;
}
