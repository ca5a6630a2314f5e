using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Etcd;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.Lifecycle;

/// <summary>A lab as observed now: each node's container and components, and each etcd member.</summary>
public sealed record LabStatus(LabState State, IReadOnlyList<NodeStatus> Nodes, IReadOnlyList<EtcdMemberStatus> Etcd, string Kubeconfig)
{
    /// <summary>A lab whose `up` never finished (killed half-way) is not healthy, even if what did start answers.</summary>
    public bool Healthy =>
        State.Phase == LabPhase.Ready
        && Nodes.All(n => n.Container == ContainerState.Running && n.SupervisorError is null && n.Components.All(c => c.Healthy))
        && Etcd.All(e => e.Healthy)
        && Etcd.Count(e => e.IsLeader) == 1;

    public static async Task<LabStatus> ReadAsync(IContainerEngine engine, string labName, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var state = LabState.Load(labName);
        var paths = LabPaths.For(labName);
        using var supervisors = new SupervisorClient(paths, TimeSpan.FromSeconds(3));
        var nodes = await Task.WhenAll(state.LabNodes().Select(async node =>
        {
            var container = await engine.InspectAsync(LabLabels.ContainerName(state.Name, node.Name), ct);
            if (container?.State != ContainerState.Running)
            {
                return new NodeStatus(node, container?.State ?? ContainerState.Unknown, [], container is null ? "container missing" : null);
            }
            try
            {
                return new NodeStatus(node, container.State, await supervisors.ComponentsAsync(node, ct), null);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return new NodeStatus(node, container.State, [], $"supervisor does not answer: {ex.Message}");
            }
        }));
        using var probe = EtcdProbe.ForLab(paths);
        var etcd = await probe.StatusAsync(state.EtcdMembers(), ct);
        return new LabStatus(state, nodes, etcd, paths.Kubeconfig);
    }
}

public sealed record NodeStatus(LabNode Node, ContainerState Container, IReadOnlyList<ComponentStatus> Components, string? SupervisorError);
