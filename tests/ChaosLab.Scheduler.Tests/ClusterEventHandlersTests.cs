using ChaosLab.Scheduler.Cache;
using ChaosLab.Scheduler.Queue;
using k8s.Models;
using static ChaosLab.Scheduler.Tests.Support.TestObjects;

namespace ChaosLab.Scheduler.Tests;

[Category("Unit")]
public sealed class ClusterEventHandlersTests
{
    private SchedulerCache _cache = null!;
    private SchedulingQueue _queue = null!;
    private ClusterEventHandlers _handlers = null!;

    [SetUp]
    public void SetUp()
    {
        _cache = new SchedulerCache();
        _queue = new SchedulingQueue();
        _handlers = new ClusterEventHandlers(_cache, _queue);
    }

    [Test]
    public void Pending_pods_for_this_scheduler_are_queued_and_others_are_not()
    {
        var other = Pod("other");
        other.Spec.SchedulerName = "my-scheduler";
        var deleting = Pod("deleting");
        deleting.Metadata.DeletionTimestamp = DateTime.UtcNow;

        _handlers.OnPodAdd(Pod("mine"));
        _handlers.OnPodAdd(other);
        _handlers.OnPodAdd(deleting);

        Assert.That(_queue.ActiveCount, Is.EqualTo(1));
        Assert.That(_queue.Contains("default/mine"), Is.True);
    }

    [Test]
    public void A_gated_pod_waits_until_its_last_gate_is_removed()
    {
        var gated = Pod("gated");
        gated.Spec.SchedulingGates = [new V1PodSchedulingGate { Name = "example.com/quota" }];

        _handlers.OnPodAdd(gated);
        Assert.That(_queue.Contains("default/gated"), Is.False);

        _handlers.OnPodUpdate(gated, Pod("gated"));
        Assert.That(_queue.ActiveCount, Is.EqualTo(1));
    }

    [Test]
    public void Bound_pods_go_to_the_cache()
    {
        _handlers.OnNodeAdd(Node("n"));

        _handlers.OnPodAdd(Pod("bound", cpu: "1", nodeName: "n"));

        Assert.That(_cache.Snapshot()[0].Requested.MilliCpu, Is.EqualTo(1000));
        Assert.That(_queue.ActiveCount, Is.Zero);
    }

    [Test]
    public void A_finished_pod_frees_its_node()
    {
        _handlers.OnNodeAdd(Node("n"));
        var running = Pod("job", cpu: "1", nodeName: "n");
        _handlers.OnPodAdd(running);
        var done = Pod("job", cpu: "1", nodeName: "n");
        done.Status.Phase = "Succeeded";

        _handlers.OnPodUpdate(running, done);

        Assert.That(_cache.Snapshot()[0].Pods, Is.Empty);
    }

    [Test]
    public async Task A_node_heartbeat_does_not_wake_unschedulable_pods_but_a_new_taint_does()
    {
        var node = Node("n", cpu: "1");
        _handlers.OnNodeAdd(node);
        _handlers.OnPodAdd(Pod("big", cpu: "2"));
        var popped = await _queue.PopAsync(CancellationToken.None);
        _queue.AddUnschedulable(popped!, unschedulable: true);

        var heartbeat = Node("n", cpu: "1");
        heartbeat.Status.Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", LastHeartbeatTime = DateTime.UtcNow }];
        _handlers.OnNodeUpdate(node, heartbeat);
        Assert.That(_queue.UnschedulableCount, Is.EqualTo(1));

        _handlers.OnNodeUpdate(heartbeat, Node("n", cpu: "4"));
        Assert.That(_queue.UnschedulableCount, Is.Zero);
    }
}
