using ChaosLab.Chaos.Faults.Components;
using ChaosLab.Chaos.Faults.Etcd;
using ChaosLab.Chaos.Faults.Network;
using ChaosLab.Chaos.Faults.Nodes;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab.Topology;

namespace ChaosLab.Chaos.Catalog;

/// <summary>One fault kind the CLI and the step library can name.</summary>
public sealed record FaultKind(string Name, string Domain, string Summary, string Example, Func<FaultOptions, IFault> Create);

/// <summary>Every fault by name, built from text options (validated before anything is touched).</summary>
public static class FaultCatalog
{
    private const string ControlPlaneSide = "role:control-plane,role:lb";

    public static IReadOnlyList<FaultKind> All { get; } =
    [
        Node("node-kill", NodeAction.Kill, "SIGKILL a node's container; heal starts it"),
        Node("node-stop", NodeAction.Stop, "stop a node's container; heal starts it"),
        Node("node-restart", NodeAction.Restart, "restart a node's container now"),
        Node("node-pause", NodeAction.Pause, "freeze every process of a node (cgroup freezer); heal thaws it"),
        Node("node-reboot", NodeAction.Reboot, "stop and start a node; its supervisor brings the components back"),
        Component("component-kill", ComponentAction.Kill, "SIGKILL one component process; its supervisor restarts it"),
        Component("component-stop", ComponentAction.Stop, "stop one component process and keep it down until healed"),
        Component("component-pause", ComponentAction.Pause, "SIGSTOP one component process; heal sends SIGCONT"),
        new("partition", "network", "cut the network between two groups of nodes (--one-way: only A → B)",
            "partition --target cp-1 --peers cp-2,cp-3",
            o => new PartitionFault(o.Target(), o.OptionalTarget("peers"), o.Flag("one-way"))),
        new("isolate", "network", "cut one node (or group) off from every other node",
            "isolate --target worker-1",
            o => new PartitionFault(o.Target(), null, name: "isolate")),
        new("isolate-from-control-plane", "network", "cut a node off from the control-plane and lb nodes only",
            "isolate-from-control-plane --target worker-1",
            o => new PartitionFault(o.Target(), TargetSelector.Parse(ControlPlaneSide), name: "isolate-from-control-plane", dropSideAFromSideB: true)),
        new("loss", "network", "drop a percentage of the packets arriving at a node (from --peers, default all)",
            "loss --target worker-1 --percent 30",
            o => new PacketLossFault(o.Target(), o.Number("percent"), o.OptionalTarget("peers"))),
        new("bandwidth", "network", "cap what a node sends (token bucket)",
            "bandwidth --target worker-1 --rate 1mbit",
            o => new BandwidthFault(o.Target(), o.Required("rate"))),
        new("latency", "network", "delay what a node sends (to --peers, default all) by --delay ± --jitter",
            "latency --target worker-1 --delay 100ms --jitter 10ms",
            o => new LatencyFault(o.Target(), o.Duration("delay"), o.Duration("jitter", TimeSpan.Zero), o.OptionalTarget("peers"))),
        new("etcd-kill-leader", "etcd", "SIGKILL the etcd leader", "etcd-kill-leader",
            _ => new ComponentFault(ComponentAction.Kill, TargetSelector.Parse("etcd:leader"), ComponentNames.Etcd)),
        new("etcd-pause-leader", "etcd", "SIGSTOP the etcd leader until healed", "etcd-pause-leader",
            _ => new ComponentFault(ComponentAction.Pause, TargetSelector.Parse("etcd:leader"), ComponentNames.Etcd)),
        new("etcd-kill-follower", "etcd", "SIGKILL one etcd follower", "etcd-kill-follower",
            _ => new ComponentFault(ComponentAction.Kill, TargetSelector.Parse("etcd:follower"), ComponentNames.Etcd)),
        new("etcd-pause-follower", "etcd", "SIGSTOP one etcd follower until healed", "etcd-pause-follower",
            _ => new ComponentFault(ComponentAction.Pause, TargetSelector.Parse("etcd:follower"), ComponentNames.Etcd)),
        new("etcd-quorum-loss", "etcd", "stop a majority of etcd members; heal starts them", "etcd-quorum-loss",
            _ => new EtcdQuorumLossFault()),
        new("etcd-wipe-member", "etcd", "wipe a member's data and bring it back as a new member (member remove/add); default: a follower",
            "etcd-wipe-member --target etcd:follower",
            o => new EtcdWipeMemberFault(o.OptionalTarget("target") ?? TargetSelector.Parse("etcd:follower"))),
        new("etcd-snapshot-restore", "etcd", "snapshot the cluster, stop every member, restore the snapshot on each (a new cluster ID), start them",
            "etcd-snapshot-restore",
            _ => new EtcdSnapshotRestoreFault()),
        new("etcd-partition-leader", "etcd", "cut the etcd leader's node off from the other members' nodes", "etcd-partition-leader",
            _ => new PartitionFault(TargetSelector.Parse("etcd:leader"), TargetSelector.Parse("etcd:all"), name: "etcd-partition-leader", dropSideAFromSideB: true)),
    ];

    public static FaultKind Find(string name) =>
        All.FirstOrDefault(k => k.Name == name)
        ?? throw new FaultOptionsException($"unknown fault '{name}'; faults: {string.Join(", ", All.Select(k => k.Name))}");

    /// <summary>Builds a fault from text options; every problem is reported before anything is touched.</summary>
    public static IFault Create(string name, IReadOnlyDictionary<string, string> options)
    {
        var kind = Find(name);
        var reader = new FaultOptions(name, options);
        var fault = kind.Create(reader);
        reader.EnsureAllUsed();
        return fault;
    }

    private static FaultKind Node(string name, NodeAction action, string summary) =>
        new(name, "node", summary, $"{name} --target worker-1", o => new NodeFault(action, o.Target()));

    private static FaultKind Component(string name, ComponentAction action, string summary) =>
        new(name, "component", summary, $"{name} --target lease:kube-scheduler --component kube-scheduler",
            o => new ComponentFault(action, o.Target(), o.Required("component")));
}
