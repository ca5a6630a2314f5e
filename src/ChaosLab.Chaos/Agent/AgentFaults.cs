using ChaosLab.Chaos.Faults.Components;
using ChaosLab.Chaos.Faults.Network;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;

namespace ChaosLab.Chaos.Agent;

/// <summary>The agent provider's version of each fault it can take: the same options, acted out through the agents.</summary>
public static class AgentFaults
{
    /// <summary>Components the agent finds by command line (chaoslab-node agent-do knows the same list).</summary>
    public static IReadOnlyList<string> Components { get; } =
        ["kubelet", "kube-proxy", "containerd", "etcd", "kube-apiserver", "kube-scheduler", "kube-controller-manager"];

    /// <exception cref="TargetNotSupportedException">The agent has no way to do this fault.</exception>
    public static IFault Adapt(IFault fault) => fault switch
    {
        AgentFault => fault,
        PartitionFault p => new AgentPartitionFault(p),
        PacketLossFault l => new AgentLossFault(l),
        BandwidthFault b => new AgentBandwidthFault(b),
        LatencyFault l => new AgentLatencyFault(l),
        ComponentFault c when !Components.Contains(c.Component) =>
            throw new TargetNotSupportedException($"the fault agent does not know how to find {c.Component}; it finds {string.Join(", ", Components)}"),
        ComponentFault c => new AgentComponentFault(c),
        _ => throw new TargetNotSupportedException($"the fault agent cannot do {fault.Name}"),
    };
}
