using ChaosLab.Scheduler.Framework;
using ChaosLab.Scheduler.Framework.Plugins;
using k8s.Models;
using static ChaosLab.Scheduler.Tests.Support.TestObjects;

namespace ChaosLab.Scheduler.Tests.Framework.Plugins;

[Category("Unit")]
public sealed class TaintTolerationTests
{
    private readonly TaintToleration _plugin = new();

    [Test]
    public void An_unreachable_node_rejects_a_pod_without_tolerations()
    {
        var status = _plugin.Filter(Info(Pod("p")), NodeInfo(Node("n", taints: [Unreachable])));

        Assert.That(status.Reasons, Is.EqualTo(new[] { "node(s) had untolerated taint {node.kubernetes.io/unreachable: }" }));
    }

    [Test]
    public void The_reason_names_the_taint_value()
    {
        var taint = new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" };

        Assert.That(_plugin.Filter(Info(Pod("p")), NodeInfo(Node("n", taints: [taint]))).Reasons,
            Is.EqualTo(new[] { "node(s) had untolerated taint {dedicated: gpu}" }));
    }

    [Test]
    public void Matching_tolerations_let_the_pod_through()
    {
        var taint = new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" };
        V1Toleration[] equal = [new() { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }];
        V1Toleration[] exists = [new() { Key = "dedicated", OperatorProperty = "Exists" }];
        V1Toleration[] everything = [new() { OperatorProperty = "Exists" }];
        V1Toleration[] wrongValue = [new() { Key = "dedicated", Value = "cpu", Effect = "NoSchedule" }];
        var node = NodeInfo(Node("n", taints: [taint]));

        Assert.That(_plugin.Filter(Info(Pod("a", tolerations: equal)), node).IsSuccess, Is.True);
        Assert.That(_plugin.Filter(Info(Pod("b", tolerations: exists)), node).IsSuccess, Is.True);
        Assert.That(_plugin.Filter(Info(Pod("c", tolerations: everything)), node).IsSuccess, Is.True);
        Assert.That(_plugin.Filter(Info(Pod("d", tolerations: wrongValue)), node).IsSuccess, Is.False);
    }

    [Test]
    public void PreferNoSchedule_taints_do_not_filter_but_lower_the_score()
    {
        var prefer = new V1Taint { Key = "spot", Effect = "PreferNoSchedule" };
        var pod = Info(Pod("p"));
        var clean = NodeInfo(Node("clean"));
        var tainted = NodeInfo(Node("tainted", taints: [prefer]));

        Assert.That(_plugin.Filter(pod, tainted).IsSuccess, Is.True);
        long[] scores = [_plugin.Score(pod, clean), _plugin.Score(pod, tainted)];
        ((IScorePlugin)_plugin).NormalizeScores(pod, scores);
        Assert.That(scores, Is.EqualTo(new long[] { 100, 0 }));
    }
}
