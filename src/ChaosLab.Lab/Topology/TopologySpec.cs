using System.Net;

namespace ChaosLab.Lab.Topology;

/// <summary>A validated cluster shape, read from topologies/*.yaml by <see cref="TopologyLoader"/>.</summary>
public sealed record TopologySpec(
    string Name,
    string SourceFile,
    IReadOnlyDictionary<NodeRole, int> NodeCounts,
    EtcdSpec Etcd,
    TimingProfile Profile,
    NetworkSpec Network,
    IReadOnlyDictionary<string, ComponentSubstitution> Components,
    IReadOnlyList<TopologyImage>? Images = null,
    IReadOnlyDictionary<string, string>? Mutants = null)
{
    /// <summary>Component -> the mutant it runs as (<c>components.NAME.mutant</c>); empty for a sound cluster.</summary>
    public IReadOnlyDictionary<string, string> ComponentMutants => Mutants ?? new Dictionary<string, string>();

    /// <summary>Images of the host's engine loaded into every node that runs pods at `up`, beside the built-in ones.</summary>
    public IReadOnlyList<TopologyImage> ImagesToLoad => Images ?? [];

    public int Count(NodeRole role) => NodeCounts.TryGetValue(role, out var n) ? n : 0;

    /// <summary>The nodes in a fixed order (control planes, etcd, lb, workers), named cp-1, etcd-1, lb, worker-1 ...</summary>
    public IReadOnlyList<NodeSpec> ExpandNodes()
    {
        var nodes = new List<NodeSpec>();
        foreach (var role in new[] { NodeRole.ControlPlane, NodeRole.Etcd, NodeRole.LoadBalancer, NodeRole.Worker })
        {
            var count = Count(role);
            for (var i = 1; i <= count; i++)
            {
                var name = role == NodeRole.LoadBalancer && count == 1 ? "lb" : $"{role.NamePrefix()}-{i}";
                nodes.Add(new NodeSpec(name, role));
            }
        }
        return nodes;
    }

    /// <summary>The nodes that run an etcd member: control planes when stacked, etcd nodes when external.</summary>
    public IReadOnlyList<NodeSpec> EtcdNodes() =>
        ExpandNodes().Where(n => n.Role == (Etcd.Layout == EtcdLayout.Stacked ? NodeRole.ControlPlane : NodeRole.Etcd)).ToList();
}

public sealed record NodeSpec(string Name, NodeRole Role);

public enum EtcdLayout
{
    Stacked,
    External,
}

public sealed record EtcdSpec(EtcdLayout Layout, int Members);

/// <summary>
/// Address ranges. <see cref="NodeSubnet"/> null means "pick a free /24 from the lab pool at up",
/// so that several labs of the same topology can run side by side.
/// </summary>
public sealed record NetworkSpec(IPNetwork? NodeSubnet, IPNetwork PodSubnet, IPNetwork ServiceSubnet, int NodePodCidrPrefix)
{
    public static readonly IPNetwork DefaultPodSubnet = IPNetwork.Parse("10.244.0.0/16");
    public static readonly IPNetwork DefaultServiceSubnet = IPNetwork.Parse("10.96.0.0/16");
    public const int DefaultNodePodCidrPrefix = 24;
}

/// <summary>A command run in place of a bundled component (for example a real kube-scheduler binary).</summary>
public sealed record ComponentSubstitution(string Component, string Command, IReadOnlyList<string> Args);

/// <summary>The components a topology may substitute.</summary>
public static class ComponentNames
{
    public const string Etcd = "etcd";
    public const string ApiServer = "kube-apiserver";
    public const string ControllerManager = "kube-controller-manager";
    public const string Scheduler = "kube-scheduler";
    public const string Kubelet = "kubelet";
    public const string KubeProxy = "kube-proxy";
    public const string Haproxy = "haproxy";
    public const string Containerd = NodeApi.NodeConfig.ContainerRuntimeComponent;

    public static IReadOnlyList<string> All { get; } = [Etcd, ApiServer, ControllerManager, Scheduler, Kubelet, KubeProxy, Haproxy, Containerd];
}
