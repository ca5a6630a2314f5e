using ChaosLab.Chaos.Targets;
using ChaosLab.Lab.Docker;

namespace ChaosLab.Chaos.Mechanisms;

/// <summary>
/// The MAC address of a node on its network. Network faults match peers by source MAC: a node's own
/// traffic and the pod traffic it routes (host-gw) both leave it with that MAC, so one rule covers both.
/// </summary>
public static class NodeMac
{
    public static async Task<string> OfAsync(IContainerEngine engine, ChaosNode node, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(node);
        var info = await engine.InspectAsync(node.Container, ct) ?? throw new ChaosException($"{node.Name}: container {node.Container} does not exist");
        var endpoint = info.Endpoints.FirstOrDefault(e => e.Address.Equals(node.Address)) ?? (info.Endpoints.Count > 0 ? info.Endpoints[0] : null);
        return endpoint is { MacAddress.Length: > 0 }
            ? endpoint.MacAddress
            : throw new ChaosException($"{node.Name}: no MAC address known for {node.Address} (is the container running?)");
    }
}
