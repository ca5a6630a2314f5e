using ChaosLab.ControllerManager.NodeLifecycle;
using k8s.Models;
using static ChaosLab.ControllerManager.Tests.NodeLifecycle.NodeObjects;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.NodeLifecycle;

[Category("Unit")]
public class NoScheduleTaintsTests
{
    [Test]
    public void Conditions_become_noschedule_taints_at_once()
    {
        var node = Node("n1", "Unknown");
        node.Status.Conditions.Add(new V1NodeCondition { Type = "DiskPressure", Status = "True" });
        node.Spec.Unschedulable = true;

        var taints = NoScheduleTaints.Reconcile(node, Now)!;

        Assert.That(taints.Select(t => (t.Key, t.Effect)), Is.EquivalentTo(new[]
        {
            (NodeTaints.UnreachableKey, "NoSchedule"), ("node.kubernetes.io/disk-pressure", "NoSchedule"), (NoScheduleTaints.Unschedulable, "NoSchedule"),
        }));
    }

    [Test]
    public void Stale_ones_are_removed_and_foreign_taints_kept()
    {
        var node = Node("n1", "True");
        node.Spec.Taints =
        [
            new V1Taint { Key = NodeTaints.UnreachableKey, Effect = "NoSchedule" },
            new V1Taint { Key = NodeTaints.UnreachableKey, Effect = "NoExecute" },
            new V1Taint { Key = "dedicated", Value = "db", Effect = "NoSchedule" },
        ];

        var taints = NoScheduleTaints.Reconcile(node, Now)!;

        Assert.That(taints.Select(t => (t.Key, t.Effect)), Is.EquivalentTo(new[] { (NodeTaints.UnreachableKey, "NoExecute"), ("dedicated", "NoSchedule") }),
            "the NoExecute taint is the monitor's business");
        node.Spec.Taints = taints;
        Assert.That(NoScheduleTaints.Reconcile(node, Now), Is.Null);
    }
}
