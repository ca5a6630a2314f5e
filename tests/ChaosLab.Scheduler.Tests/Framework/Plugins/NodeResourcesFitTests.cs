using ChaosLab.Scheduler.Framework.Plugins;
using static ChaosLab.Scheduler.Tests.Support.TestObjects;

namespace ChaosLab.Scheduler.Tests.Framework.Plugins;

[Category("Unit")]
public sealed class NodeResourcesFitTests
{
    private readonly NodeResourcesFit _plugin = new();

    [Test]
    public void A_pod_asking_more_cpu_than_is_left_gets_Insufficient_cpu()
    {
        var node = NodeInfo(Node("n", cpu: "2"), Pod("running", cpu: "1500m", nodeName: "n"));

        Assert.That(_plugin.Filter(Info(Pod("p", cpu: "600m")), node).Reasons, Is.EqualTo(new[] { "Insufficient cpu" }));
    }

    [Test]
    public void Each_short_resource_is_its_own_reason()
    {
        var node = NodeInfo(Node("n", cpu: "1", memory: "1Gi", pods: 1), Pod("running", nodeName: "n"));

        Assert.That(_plugin.Filter(Info(Pod("p", cpu: "2", memory: "2Gi")), node).Reasons,
            Is.EqualTo(new[] { "Too many pods", "Insufficient cpu", "Insufficient memory" }));
    }

    [Test]
    public void A_pod_that_fits_exactly_passes()
    {
        var node = NodeInfo(Node("n", cpu: "2", memory: "2Gi"), Pod("running", cpu: "1", memory: "1Gi", nodeName: "n"));

        Assert.That(_plugin.Filter(Info(Pod("p", cpu: "1", memory: "1Gi")), node).IsSuccess, Is.True);
    }

    [Test]
    public void A_pod_without_requests_is_limited_only_by_the_pod_count()
    {
        var full = NodeInfo(Node("n", cpu: "1", pods: 1), Pod("running", cpu: "1", nodeName: "n"));
        var roomy = NodeInfo(Node("m", cpu: "1", pods: 2), Pod("running", cpu: "1", nodeName: "m"));

        Assert.That(_plugin.Filter(Info(Pod("p")), full).Reasons, Is.EqualTo(new[] { "Too many pods" }));
        Assert.That(_plugin.Filter(Info(Pod("p")), roomy).IsSuccess, Is.True);
    }

    [Test]
    public void Least_allocated_prefers_the_emptier_node()
    {
        var pod = Info(Pod("p", cpu: "1", memory: "1Gi"));
        var empty = NodeInfo(Node("empty", cpu: "4", memory: "4Gi"));
        var busy = NodeInfo(Node("busy", cpu: "4", memory: "4Gi"), Pod("running", cpu: "2", memory: "2Gi", nodeName: "busy"));

        // cpu (4-1)/4 = 75, memory 75 → 75; busy: (4-3)/4 = 25 each → 25.
        Assert.That(_plugin.Score(pod, empty), Is.EqualTo(75));
        Assert.That(_plugin.Score(pod, busy), Is.EqualTo(25));
    }

    [Test]
    public void Least_allocated_counts_empty_requests_as_the_upstream_defaults()
    {
        // 100m of 1 cpu and 200Mi of 1000Mi memory are assumed for a pod that asks for nothing.
        var score = _plugin.Score(Info(Pod("p")), NodeInfo(Node("n", cpu: "1", memory: "1000Mi")));

        Assert.That(score, Is.EqualTo((90 + 80) / 2));
    }
}
