using ChaosLab.ControllerManager.NodeLifecycle;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.NodeLifecycle;

[Category("Unit")]
public class PodReadinessTests
{
    [Test]
    public void Ready_pod_on_the_node_becomes_not_ready()
    {
        var updated = PodReadiness.MarkNotReady(Pod("a", node: "n1"), "n1", Now)!;

        var ready = updated.Status.Conditions.Single(c => c.Type == "Ready");
        Assert.That(ready.Status, Is.EqualTo("False"));
        Assert.That(ready.LastTransitionTime, Is.EqualTo(Now.UtcDateTime));
    }

    [Test]
    public void Pods_elsewhere_finished_or_already_not_ready_are_left_alone()
    {
        Assert.That(PodReadiness.MarkNotReady(Pod("a", node: "n2"), "n1", Now), Is.Null);
        Assert.That(PodReadiness.MarkNotReady(Pod("a", node: "n1", phase: "Succeeded"), "n1", Now), Is.Null);
        Assert.That(PodReadiness.MarkNotReady(Pod("a", node: "n1", ready: false), "n1", Now), Is.Null);
    }

    [Test]
    public void The_cached_pod_is_not_modified()
    {
        var pod = Pod("a", node: "n1");

        PodReadiness.MarkNotReady(pod, "n1", Now);

        Assert.That(pod.Status.Conditions.Single().Status, Is.EqualTo("True"));
    }
}
