using System.Net;
using ChaosLab.Network.Commands;

namespace ChaosLab.Network.Routes;

/// <summary>
/// host-gw: every other node's podCIDR is routed via that node's address on the shared node network,
/// like flannel's host-gw backend. Sync is level-triggered: give it the whole current peer list and it
/// adds, re-points and removes routes to match, touching only routes inside the cluster pod CIDR.
/// </summary>
public sealed class HostGwRoutes(NetworkConfig config)
{
    public NetworkConfig Config { get; } = config ?? throw new ArgumentNullException(nameof(config));

    public Task<RoutePlan> SyncAsync(IReadOnlyList<(IPNetwork PodCidr, IPAddress NodeIp)> peers, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(peers);
        return SyncAsync(peers.Select(p => new PeerNode(p.PodCidr, p.NodeIp)).ToList(), ct);
    }

    public async Task<RoutePlan> SyncAsync(IReadOnlyList<PeerNode> peers, CancellationToken ct = default)
    {
        var plan = RoutePlan.Compute(await RouteTable.ReadAsync(ct), peers, Config.ClusterCidr, Config.PodCidr);
        foreach (var route in plan.Delete)
        {
            var del = await Ip.TryAsync(["route", "del", route.Destination.ToString(), "via", route.Gateway!.ToString()], ct);
            if (!del.Succeeded && !del.Stderr.Contains("No such process", StringComparison.Ordinal))
            {
                throw new CommandFailedException($"removing stale pod route {route}", del);
            }
        }
        foreach (var route in plan.Replace)
        {
            await Ip.RunAsync($"routing podCIDR {route.Destination} via node {route.Gateway}",
                ["route", "replace", route.Destination.ToString(), "via", route.Gateway!.ToString()], ct);
        }
        return plan;
    }
}
