using ChaosLab.Scheduler.Cache;
using static ChaosLab.Scheduler.Tests.Support.TestObjects;

namespace ChaosLab.Scheduler.Tests.Cache;

[Category("Unit")]
public sealed class SchedulerCacheTests
{
    private SchedulerCache _cache = null!;

    [SetUp]
    public void SetUp()
    {
        _cache = new SchedulerCache();
        _cache.AddOrUpdateNode(Node("n", cpu: "2"));
    }

    [Test]
    public void An_assumed_pod_takes_resources_until_it_is_forgotten()
    {
        _cache.AssumePod(Info(Pod("p", cpu: "1")), "n");
        Assert.That(_cache.Snapshot()[0].Requested.MilliCpu, Is.EqualTo(1000));

        _cache.ForgetPod("default/p");
        Assert.That(_cache.Snapshot()[0].Requested.MilliCpu, Is.Zero);
    }

    [Test]
    public void The_informer_confirms_an_assumed_pod_so_forgetting_it_later_changes_nothing()
    {
        _cache.AssumePod(Info(Pod("p", cpu: "1")), "n");

        _cache.AddOrUpdatePod(Pod("p", cpu: "1", nodeName: "n"));
        _cache.ForgetPod("default/p");

        Assert.That(_cache.IsAssumed("default/p"), Is.False);
        Assert.That(_cache.Snapshot()[0].Requested.MilliCpu, Is.EqualTo(1000));
    }

    [Test]
    public void A_snapshot_does_not_change_when_the_cache_does()
    {
        var before = _cache.Snapshot()[0];

        _cache.AddOrUpdatePod(Pod("p", cpu: "1", nodeName: "n"));

        Assert.That(before.Pods, Is.Empty);
        Assert.That(_cache.Snapshot()[0].Pods, Has.Count.EqualTo(1));
    }

    [Test]
    public void Unchanged_nodes_are_not_cloned_again()
    {
        var first = _cache.Snapshot()[0];

        Assert.That(_cache.Snapshot()[0], Is.SameAs(first));
    }

    [Test]
    public void Pods_that_arrive_before_their_node_are_counted_once_it_does()
    {
        _cache.AddOrUpdatePod(Pod("early", cpu: "1", nodeName: "later"));
        Assert.That(_cache.Snapshot().Select(n => n.Name), Is.EqualTo(new[] { "n" }));

        _cache.AddOrUpdateNode(Node("later"));

        Assert.That(_cache.Snapshot().Single(n => n.Name == "later").Requested.MilliCpu, Is.EqualTo(1000));
    }

    [Test]
    public void A_deleted_node_disappears_from_snapshots()
    {
        _cache.RemoveNode("n");

        Assert.That(_cache.Snapshot(), Is.Empty);
    }
}
