using ChaosLab.Chaos.Faults.Components;
using ChaosLab.Chaos.Faults.Etcd;
using ChaosLab.Chaos.Faults.Network;
using ChaosLab.Chaos.Faults.Nodes;
using ChaosLab.Chaos.Model;

namespace ChaosLab.Chaos.Targets;

/// <summary>What a fault provider can do to a cluster. A fault needs some of these; a provider declares what it offers.</summary>
[Flags]
public enum FaultCapability
{
    None = 0,

    /// <summary>Kill, stop, pause, restart or reboot a whole node.</summary>
    NodeLifecycle = 1,

    /// <summary>SIGKILL a component process (its service manager restarts it).</summary>
    ComponentKill = 2,

    /// <summary>Stop a component and keep it down until healed (needs its service manager).</summary>
    ComponentStop = 4,

    /// <summary>SIGSTOP a component process, SIGCONT at heal.</summary>
    ComponentPause = 8,

    /// <summary>Partition, isolate, packet loss.</summary>
    Network = 16,

    Bandwidth = 32,

    Latency = 64,

    /// <summary>etcd-aware faults: targets by Raft role, quorum loss, member wipe, snapshot restore.</summary>
    Etcd = 128,
}

/// <summary>What each provider offers and each fault needs, and the reason a fault cannot run.</summary>
public static class FaultCapabilities
{
    public const FaultCapability NetworkAll = FaultCapability.Network | FaultCapability.Bandwidth | FaultCapability.Latency;

    /// <summary>The bundled lab through Docker and its node supervisors: everything.</summary>
    public const FaultCapability DockerLab = FaultCapability.NodeLifecycle | FaultCapability.ComponentKill | FaultCapability.ComponentStop
        | FaultCapability.ComponentPause | NetworkAll | FaultCapability.Etcd;

    /// <summary>Any cluster whose nodes are Docker containers (kind, k3d): whole nodes and their network.</summary>
    public const FaultCapability DockerContainers = FaultCapability.NodeLifecycle | NetworkAll;

    /// <summary>
    /// The in-cluster agent: network faults in the node's namespace and signals to component processes. It cannot
    /// stop a node (it runs on it), keep a component stopped against its service manager, or find etcd's leader.
    /// </summary>
    public const FaultCapability Agent = FaultCapability.ComponentKill | FaultCapability.ComponentPause | NetworkAll;

    /// <summary>What <paramref name="fault"/> needs; faults this engine does not know need nothing beyond their own code.</summary>
    public static FaultCapability Required(IFault fault) => fault switch
    {
        NodeFault => FaultCapability.NodeLifecycle,
        ComponentFault c => ComponentCapability(c.Action) | EtcdIf(c.Target),
        PartitionFault p => FaultCapability.Network | EtcdIf(p.SideA) | (p.SideB is { } b ? EtcdIf(b) : FaultCapability.None),
        PacketLossFault l => FaultCapability.Network | EtcdIf(l.Target),
        BandwidthFault b => FaultCapability.Bandwidth | EtcdIf(b.Target),
        LatencyFault l => FaultCapability.Latency | EtcdIf(l.Target),
        EtcdQuorumLossFault or EtcdWipeMemberFault or EtcdSnapshotRestoreFault => FaultCapability.Etcd,
        _ => FaultCapability.None,
    };

    /// <summary>The capabilities <paramref name="required"/> holds that <paramref name="offered"/> lacks.</summary>
    public static FaultCapability Missing(FaultCapability offered, FaultCapability required) => required & ~offered;

    /// <summary>"node-lifecycle, etcd": how reports name capabilities.</summary>
    public static string Describe(FaultCapability capabilities) =>
        capabilities == FaultCapability.None
            ? "none"
            : string.Join(", ", Enum.GetValues<FaultCapability>().Where(c => c != FaultCapability.None && capabilities.HasFlag(c)).Select(Name));

    private static string Name(FaultCapability capability) => capability switch
    {
        FaultCapability.NodeLifecycle => "node-lifecycle",
        FaultCapability.ComponentKill => "component-kill",
        FaultCapability.ComponentStop => "component-stop",
        FaultCapability.ComponentPause => "component-pause",
        _ => capability.ToString().ToLowerInvariant(),
    };

    private static FaultCapability ComponentCapability(ComponentAction action) => action switch
    {
        ComponentAction.Kill => FaultCapability.ComponentKill,
        ComponentAction.Stop => FaultCapability.ComponentStop,
        _ => FaultCapability.ComponentPause,
    };

    private static FaultCapability EtcdIf(TargetSelector target) =>
        target.Text.Split(',', StringSplitOptions.TrimEntries).Any(p => p.StartsWith("etcd:", StringComparison.Ordinal)) ? FaultCapability.Etcd : FaultCapability.None;
}
