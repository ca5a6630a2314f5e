using System.Net;
using ChaosLab.Scheduler.Cache;
using ChaosLab.Scheduler.Framework;
using ChaosLab.Scheduler.Queue;
using ChaosLab.Scheduler.Tests.Support;
using k8s.Autorest;
using k8s.Models;
using static ChaosLab.Scheduler.Tests.Support.TestObjects;

namespace ChaosLab.Scheduler.Tests;

[Category("Unit")]
public sealed class SchedulingLoopTests
{
    private SchedulerCache _cache = null!;
    private SchedulingQueue _queue = null!;
    private ClusterEventHandlers _handlers = null!;
    private FakeBinder _binder = null!;
    private RecordingEvents _events = null!;
    private SchedulingLoop _loop = null!;

    [SetUp]
    public void SetUp()
    {
        _cache = new SchedulerCache();
        _queue = new SchedulingQueue();
        _handlers = new ClusterEventHandlers(_cache, _queue);
        _binder = new FakeBinder();
        _events = new RecordingEvents();
        _loop = new SchedulingLoop(_queue, _cache, SchedulingAlgorithm.CreateDefault(), _binder, _events);
    }

    [TearDown]
    public void TearDown() => _loop.Dispose();

    [Test]
    public async Task Six_replicas_spread_two_per_node_over_three_equal_nodes()
    {
        AddNodes(Node("worker-1"), Node("worker-2"), Node("worker-3"));
        AddReplicas(6);

        await ScheduleAsync(6);

        Assert.That(_binder.PodsPerNode(), Is.EquivalentTo(new Dictionary<string, int> { ["worker-1"] = 2, ["worker-2"] = 2, ["worker-3"] = 2 }));
    }

    [Test]
    public async Task Six_replicas_reach_a_node_that_another_controllers_pods_left_empty()
    {
        // The shared lab after a worker was lost: another Deployment's six pods sit on the two survivors.
        AddNodes(Node("worker-1"), Node("worker-2"), Node("worker-3"));
        for (var i = 0; i < 6; i++)
        {
            _handlers.OnPodAdd(Pod($"svc-{i}", ownerUid: "rs-svc", nodeName: i < 3 ? "worker-2" : "worker-3"));
        }
        AddReplicas(6);

        await ScheduleAsync(6);

        var placed = _binder.PodsPerNode();
        Assert.That(placed.Keys, Is.EquivalentTo(new[] { "worker-1", "worker-2", "worker-3" }), string.Join(", ", placed));
        Assert.That(placed.Values.Max(), Is.LessThanOrEqualTo(3));
    }

    [Test]
    public async Task An_unreachable_node_gets_no_pods()
    {
        AddNodes(Node("worker-1"), Node("worker-2", taints: [Unreachable]), Node("worker-3"));
        AddReplicas(6);

        await ScheduleAsync(6);

        Assert.That(_binder.PodsPerNode(), Is.EquivalentTo(new Dictionary<string, int> { ["worker-1"] = 3, ["worker-3"] = 3 }));
    }

    [Test]
    public async Task With_upstreams_default_tolerations_the_NoSchedule_unreachable_taint_keeps_pods_away()
    {
        // DefaultTolerationSeconds admission lets pods tolerate unreachable:NoExecute for 300 s, so
        // what keeps new pods off a dead node is the NoSchedule taint the node lifecycle controller adds too.
        V1Taint[] dead = [Unreachable, new() { Key = "node.kubernetes.io/unreachable", Effect = "NoSchedule" }];
        AddNodes(Node("worker-1"), Node("worker-2", taints: dead));
        V1Toleration[] defaults = [new() { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 300 }];
        for (var i = 0; i < 4; i++)
        {
            _handlers.OnPodAdd(Pod($"web-{i}", ownerUid: "rs-web", tolerations: defaults));
        }

        await ScheduleAsync(4);

        Assert.That(_binder.PodsPerNode().Keys, Is.EquivalentTo(new[] { "worker-1" }));
    }

    [Test]
    public async Task Each_bound_pod_gets_a_Scheduled_event()
    {
        AddNodes(Node("worker-1"));
        _handlers.OnPodAdd(Pod("web-0"));

        await ScheduleAsync(1);

        Assert.That(_events.Events, Is.EqualTo(new[] { ("web-0", "Normal", "Scheduled", "Successfully assigned default/web-0 to worker-1") }));
    }

    [Test]
    public async Task A_pod_that_fits_nowhere_gets_a_FailedScheduling_event_and_waits_for_a_node()
    {
        AddNodes(Node("small", cpu: "1"));
        _handlers.OnPodAdd(Pod("big", cpu: "2"));

        await ScheduleAsync(1);

        Assert.That(_events.Events, Is.EqualTo(new[] { ("big", "Warning", "FailedScheduling", "0/1 nodes are available: 1 Insufficient cpu.") }));
        Assert.That(_queue.UnschedulableCount, Is.EqualTo(1));

        _handlers.OnNodeAdd(Node("large", cpu: "8"));
        Assert.That(_queue.ActiveCount + _queue.BackoffCount, Is.EqualTo(1), "the new node moved the pod out of unschedulable");
    }

    [Test]
    public async Task A_failed_binding_releases_the_assumed_resources_and_requeues_the_pod()
    {
        AddNodes(Node("worker-1"));
        _binder.Failure = (_, _) => new HttpOperationException("etcd timeout")
        {
            Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.InternalServerError), ""),
        };
        _handlers.OnPodAdd(Pod("web-0", cpu: "1"));

        await ScheduleAsync(1);

        Assert.That(_cache.IsAssumed("default/web-0"), Is.False);
        Assert.That(_cache.Snapshot()[0].Requested.MilliCpu, Is.Zero);
        Assert.That(_queue.BackoffCount, Is.EqualTo(1));
        Assert.That(_events.Events.Single().Reason, Is.EqualTo("FailedScheduling"));
    }

    [Test]
    public async Task A_bound_pod_seen_by_the_informer_leaves_the_queue_and_stays_counted()
    {
        AddNodes(Node("worker-1"));
        _handlers.OnPodAdd(Pod("web-0", cpu: "1"));
        await ScheduleAsync(1);

        _handlers.OnPodUpdate(Pod("web-0", cpu: "1"), Pod("web-0", cpu: "1", nodeName: "worker-1"));

        Assert.That(_queue.Contains("default/web-0"), Is.False);
        Assert.That(_cache.IsAssumed("default/web-0"), Is.False);
        Assert.That(_cache.Snapshot()[0].Requested.MilliCpu, Is.EqualTo(1000));
    }

    [Test]
    public async Task A_late_update_of_an_assumed_pod_does_not_schedule_it_twice()
    {
        AddNodes(Node("worker-1"));
        var pending = Pod("web-0");
        _handlers.OnPodAdd(pending);
        await ScheduleAsync(1);

        // An update made before the binding arrives after it: the pod looks pending again.
        _handlers.OnPodUpdate(pending, Pod("web-0"));
        await ScheduleAsync(1);

        Assert.That(_binder.Bindings, Has.Count.EqualTo(1));
        Assert.That(_queue.Contains("default/web-0"), Is.False);
    }

    [Test]
    public async Task The_running_loop_places_a_thousand_replicas_evenly()
    {
        AddNodes([.. Enumerable.Range(1, 10).Select(i => Node($"worker-{i}", cpu: "64", memory: "256Gi", pods: 200))]);
        AddReplicas(1000);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = _loop.RunAsync(stop.Token);

        while (_binder.Bindings.Count < 1000 && !stop.IsCancellationRequested)
        {
            await Task.Delay(10);
        }
        await stop.CancelAsync();
        await running;

        Assert.That(_binder.PodsPerNode().Values, Is.All.EqualTo(100));
    }

    private void AddNodes(params V1Node[] nodes)
    {
        foreach (var node in nodes)
        {
            _handlers.OnNodeAdd(node);
        }
    }

    private void AddReplicas(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _handlers.OnPodAdd(Pod($"web-{i}", cpu: "100m", memory: "128Mi", ownerUid: "rs-web"));
        }
    }

    private async Task ScheduleAsync(int pods)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (var i = 0; i < pods; i++)
        {
            await _loop.ScheduleNextAsync(timeout.Token);
        }
        await _loop.WaitForBindingsAsync();
    }
}
