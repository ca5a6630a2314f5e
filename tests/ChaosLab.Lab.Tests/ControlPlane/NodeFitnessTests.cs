using ChaosLab.Lab.ControlPlane;

namespace ChaosLab.Lab.Tests.ControlPlane;

[Category("Unit")]
public sealed class NodeFitnessTests
{
    private static readonly (string?, string?)[] NoTaints = [];

    [Test]
    public void A_ready_untainted_node_can_take_pods() =>
        Assert.That(NodeFitness.Problem("True", unschedulable: false, NoTaints), Is.Null);

    [Test]
    public void Ready_a_moment_before_the_not_ready_taint_is_gone_is_not_yet_fit() =>
        Assert.That(NodeFitness.Problem("True", false, [("node.kubernetes.io/not-ready", "NoSchedule")]),
            Is.EqualTo("taint node.kubernetes.io/not-ready:NoSchedule"));

    [Test]
    public void Every_reason_is_named()
    {
        var problem = NodeFitness.Problem("Unknown", true, [("node.kubernetes.io/unreachable", "NoExecute"), ("node.kubernetes.io/unreachable", "NoSchedule")]);

        Assert.That(problem, Is.EqualTo("Ready=Unknown, cordoned, taint node.kubernetes.io/unreachable:NoExecute, taint node.kubernetes.io/unreachable:NoSchedule"));
        Assert.That(NodeFitness.Problem(null, false, NoTaints), Is.EqualTo("Ready=missing"));
    }

    [Test]
    public void Taints_the_owner_set_on_purpose_and_soft_taints_do_not_count()
    {
        Assert.That(NodeFitness.Problem("True", false, [("node-role.kubernetes.io/control-plane", "NoSchedule")]), Is.Null);
        Assert.That(NodeFitness.Problem("True", false, [("node.kubernetes.io/not-ready", "PreferNoSchedule")]), Is.Null);
    }
}
