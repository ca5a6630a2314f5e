using ChaosLab.Kubelet.Pods;
using ChaosLab.Kubelet.Runtime;

namespace ChaosLab.Kubelet.Tests.Pods;

[Category("Unit")]
public sealed class PodLifecycleEventsTests
{
    private static RuntimeEntry Sandbox(string pod, string state = "SandboxReady") => new(pod, $"sandbox-{pod}", state);

    private static RuntimeEntry Container(string pod, string name, string state = "ContainerRunning") => new(pod, $"{name}-{pod}", state);

    [Test]
    public void The_first_relist_reports_every_pod_as_changed()
    {
        var changes = new PodLifecycleEvents().Compare([Sandbox("a"), Container("a", "web"), Sandbox("b")]);

        Assert.That(changes.Changed, Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(changes.Present, Is.EquivalentTo(new[] { "a", "b" }));
    }

    [Test]
    public void A_relist_with_nothing_new_reports_no_change_whatever_the_order()
    {
        var events = new PodLifecycleEvents();
        events.Compare([Sandbox("a"), Container("a", "web"), Container("a", "sidecar")]);

        var changes = events.Compare([Container("a", "sidecar"), Sandbox("a"), Container("a", "web")]);

        Assert.That(changes.Changed, Is.Empty);
        Assert.That(changes.Present, Is.EquivalentTo(new[] { "a" }));
    }

    [Test]
    public void A_container_that_exits_a_new_container_and_a_pod_that_goes_are_changes_of_their_pods_only()
    {
        var events = new PodLifecycleEvents();
        events.Compare([Sandbox("a"), Container("a", "web"), Sandbox("b"), Container("b", "web"), Sandbox("c"), Sandbox("d")]);

        var changes = events.Compare(
        [
            Sandbox("a"), Container("a", "web", "ContainerExited"),
            Sandbox("b"), Container("b", "web"), Container("b", "retry"),
            Sandbox("d"),
        ]);

        Assert.That(changes.Changed, Is.EquivalentTo(new[] { "a", "b", "c" }));
        Assert.That(changes.Present, Is.EquivalentTo(new[] { "a", "b", "d" }));
    }
}
