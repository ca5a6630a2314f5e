using ChaosLab.Lab.ControlPlane;
using ChaosLab.Lab.Etcd;
using ChaosLab.Lab.LoadBalancer;
using ChaosLab.Lab.Mutants;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.Lifecycle;

/// <summary>Decides which components each node's supervisor runs, applying the topology's substitutions and mutants.</summary>
public static class NodeComponents
{
    public static IReadOnlyList<ComponentSpec> For(LabNode node, IReadOnlyList<LabNode> nodes, TopologySpec topology, string labId)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(topology);
        var components = new List<ComponentSpec>();
        if (node.RunsEtcd(topology.Etcd.Layout))
        {
            var members = nodes.Where(n => n.RunsEtcd(topology.Etcd.Layout)).ToList();
            components.Add(EtcdMember.Component(node, members, $"chaoslab-{labId}", topology.Profile));
        }
        if (node.Role == NodeRole.ControlPlane)
        {
            var members = nodes.Where(n => n.RunsEtcd(topology.Etcd.Layout)).ToList();
            components.Add(ApiServerComponent.For(node, members, topology));
            components.Add(ControllerManagerComponent.For(topology));
            components.Add(SchedulerComponent.For(topology));
        }
        if (node.RunsPods)
        {
            components.Add(ContainerdComponent.For());
            components.Add(KubeletComponent.For(node, topology));
            components.Add(KubeProxyComponent.For(node, topology));
        }
        if (node.Role == NodeRole.LoadBalancer)
        {
            components.Add(Haproxy.Component());
        }
        var mutants = MutantSelection.Parse(topology.ComponentMutants.Values);
        return components.Select(c => mutants.Apply(Substitute(c, topology), topology.Profile)).ToList();
    }

    private static ComponentSpec Substitute(ComponentSpec component, TopologySpec topology) =>
        topology.Components.TryGetValue(component.Name, out var substitute)
            ? component with { Command = substitute.Command, Args = substitute.Args }
            : component;
}
