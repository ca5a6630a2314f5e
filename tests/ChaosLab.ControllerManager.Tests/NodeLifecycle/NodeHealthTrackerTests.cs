using ChaosLab.ControllerManager.NodeLifecycle;
using static ChaosLab.ControllerManager.Tests.NodeLifecycle.NodeObjects;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.NodeLifecycle;

[Category("Unit")]
public class NodeHealthTrackerTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(50);

    [Test]
    public void Silent_node_becomes_unknown_only_after_the_grace_period()
    {
        var tracker = new NodeHealthTracker(Grace, TimeSpan.FromSeconds(60));
        var node = Node("n1");

        Assert.That(tracker.Observe(node, null, Now).StatusUpdate, Is.Null);
        Assert.That(tracker.Observe(node, null, Now.AddSeconds(50)).StatusUpdate, Is.Null);
        var late = tracker.Observe(node, null, Now.AddSeconds(51));

        var update = late.StatusUpdate!;
        var ready = update.Status.Conditions.Single(c => c.Type == "Ready");
        Assert.That((ready.Status, ready.Reason, ready.Message), Is.EqualTo(("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.")));
        Assert.That(update.Status.Conditions.Single(c => c.Type == "MemoryPressure").Status, Is.EqualTo("Unknown"));
        Assert.That(update.Status.Conditions.Select(c => c.Type), Is.SupersetOf(new[] { "DiskPressure", "PIDPressure" }), "conditions never posted are added as Unknown");
        Assert.That(update.Status.Conditions.Single(c => c.Type == "DiskPressure").Reason, Is.EqualTo("NodeStatusNeverUpdated"));
        Assert.That((late.ObservedReady.Status, late.CurrentReady.Status), Is.EqualTo(("True", "Unknown")));
    }

    [Test]
    public void Lease_renewals_count_as_heartbeats()
    {
        var tracker = new NodeHealthTracker(Grace, TimeSpan.FromSeconds(60));
        var node = Node("n1");
        tracker.Observe(node, Lease("n1", Now), Now);

        for (var t = 10; t <= 200; t += 10)
        {
            Assert.That(tracker.Observe(node, Lease("n1", Now.AddSeconds(t)), Now.AddSeconds(t)).StatusUpdate, Is.Null, $"at {t}s");
        }
        Assert.That(tracker.Observe(node, Lease("n1", Now.AddSeconds(200)), Now.AddSeconds(251)).StatusUpdate, Is.Not.Null);
    }

    [Test]
    public void A_changed_ready_heartbeat_refreshes_the_probe_time()
    {
        var tracker = new NodeHealthTracker(Grace, TimeSpan.FromSeconds(60));
        tracker.Observe(Node("n1", heartbeat: Now), null, Now);

        tracker.Observe(Node("n1", heartbeat: Now.AddSeconds(40)), null, Now.AddSeconds(40));

        Assert.That(tracker.Observe(Node("n1", heartbeat: Now.AddSeconds(40)), null, Now.AddSeconds(80)).StatusUpdate, Is.Null);
        Assert.That(tracker.Observe(Node("n1", heartbeat: Now.AddSeconds(40)), null, Now.AddSeconds(91)).StatusUpdate, Is.Not.Null);
    }

    [Test]
    public void Heartbeat_times_are_judged_by_the_local_clock_not_the_kubelets()
    {
        var tracker = new NodeHealthTracker(Grace, TimeSpan.FromSeconds(60));
        // The kubelet's clock is an hour behind: its timestamps look ancient, but they change.
        var skewed = Now.AddHours(-1);
        tracker.Observe(Node("n1", heartbeat: skewed), Lease("n1", skewed), Now);

        Assert.That(tracker.Observe(Node("n1", heartbeat: skewed), Lease("n1", skewed.AddSeconds(10)), Now.AddSeconds(40)).StatusUpdate, Is.Null);
    }

    [Test]
    public void An_unknown_node_is_written_once()
    {
        var tracker = new NodeHealthTracker(Grace, TimeSpan.FromSeconds(60));
        tracker.Observe(Node("n1"), null, Now);
        var update = tracker.Observe(Node("n1"), null, Now.AddSeconds(60)).StatusUpdate!;

        Assert.That(tracker.Observe(update, null, Now.AddSeconds(65)).StatusUpdate, Is.Null);
    }

    [Test]
    public void A_node_that_never_posted_gets_the_startup_grace_from_its_creation()
    {
        var tracker = new NodeHealthTracker(Grace, TimeSpan.FromSeconds(60));
        var node = Node("n1");
        node.Status.Conditions = null;
        node.Metadata.CreationTimestamp = Now.UtcDateTime;

        Assert.That(tracker.Observe(node, null, Now.AddSeconds(59)).StatusUpdate, Is.Null);
        var update = tracker.Observe(node, null, Now.AddSeconds(61)).StatusUpdate!;
        Assert.That(update.Status.Conditions.Single(c => c.Type == "Ready").Reason, Is.EqualTo("NodeStatusNeverUpdated"));
    }
}
