using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Etcd;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.Tests.Lifecycle;

[Category("Unit")]
public sealed class LabStatusTests
{
    private static readonly ComponentStatus Etcd = new("etcd", ComponentState.Running, 10, 0, DateTimeOffset.UnixEpoch, null, true, "ok");
    private static readonly EtcdMemberStatus Leader = new("cp-1", true, "1", "1", true, "3.4", 1, 2, null);

    [Test]
    public void A_ready_lab_whose_nodes_and_members_answer_is_healthy() =>
        Assert.That(Status(LabPhase.Ready).Healthy, Is.True);

    [Test]
    public void A_lab_whose_up_was_killed_half_way_is_not_healthy_even_if_what_started_answers() =>
        Assert.That(Status(LabPhase.Creating).Healthy, Is.False);

    private static LabStatus Status(LabPhase phase)
    {
        var node = new LabNodeRecord("cp-1", NodeRole.ControlPlane, "172.30.0.10");
        var state = new LabState("x", "0011", "/t/single.yaml", "single", "fast", EtcdLayout.Stacked, phase, false, "1@1", "chaoslab-x",
            "cl-x", "172.30.0.0/24", "chaoslab/node:1", [node], DateTimeOffset.UnixEpoch);
        return new LabStatus(state, [new NodeStatus(node.ToLabNode(), ContainerState.Running, [Etcd], null)], [Leader], "/k");
    }
}
