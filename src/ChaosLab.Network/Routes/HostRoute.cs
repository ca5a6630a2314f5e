using System.Net;

namespace ChaosLab.Network.Routes;

/// <summary>A route in the node's main table: a destination and, for routes through another node, its gateway.</summary>
public sealed record HostRoute(IPNetwork Destination, IPAddress? Gateway)
{
    public override string ToString() => Gateway is null ? Destination.ToString() : $"{Destination} via {Gateway}";
}
