using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.NodeLifecycle;
using k8s.Models;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.NodeLifecycle;

[Category("Unit")]
public class EvictionDecisionTests
{
    private static readonly DateTimeOffset Tainted = Now.AddSeconds(-100);

    [Test]
    public void Pod_without_a_matching_toleration_goes_at_once()
    {
        var decision = Decide(Pod("a", node: "n1"), NodeTaints.UnreachableKey);

        Assert.That(decision.IsDue(Now), Is.True);
    }

    [Test]
    public void Pod_goes_when_toleration_seconds_have_passed_since_the_taint_was_added()
    {
        var pod = Tolerating(Pod("a", node: "n1"), new V1Toleration { Key = NodeTaints.UnreachableKey, OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 300 });

        var decision = Decide(pod, NodeTaints.UnreachableKey);

        Assert.That(decision.EvictAt, Is.EqualTo(Tainted.AddSeconds(300)));
        Assert.That(decision.IsDue(Now), Is.False);
        Assert.That(decision.IsDue(Tainted.AddSeconds(300)), Is.True);
    }

    [Test]
    public void Toleration_without_seconds_tolerates_for_ever()
    {
        var pod = Tolerating(Pod("a", node: "n1"), new V1Toleration { OperatorProperty = "Exists" });

        Assert.That(Decide(pod, NodeTaints.UnreachableKey), Is.EqualTo(EvictionDecision.Keep));
    }

    [Test]
    public void The_shortest_bound_wins_and_every_taint_must_be_tolerated()
    {
        var pod = Tolerating(Pod("a", node: "n1"),
            new V1Toleration { Key = NodeTaints.UnreachableKey, OperatorProperty = "Exists", TolerationSeconds = 300 },
            new V1Toleration { Key = "dedicated", OperatorProperty = "Equal", Value = "db", TolerationSeconds = 60 });

        Assert.That(Decide(pod, NodeTaints.UnreachableKey, ("dedicated", "db")).EvictAt, Is.EqualTo(Tainted.AddSeconds(60)));
        Assert.That(Decide(pod, NodeTaints.UnreachableKey, ("dedicated", "web")).IsDue(Now), Is.True, "value mismatch: not tolerated");
    }

    [Test]
    public void Nodes_without_noexecute_taints_and_terminating_pods_are_left_alone()
    {
        Assert.That(Decide(Pod("a", node: "n1")), Is.EqualTo(EvictionDecision.Keep));
        Assert.That(Decide(Pod("a", node: "n1").Terminating(), NodeTaints.UnreachableKey), Is.EqualTo(EvictionDecision.Keep));
    }

    private static V1Pod Tolerating(V1Pod pod, params V1Toleration[] tolerations)
    {
        pod.Spec.Tolerations = tolerations;
        return pod;
    }

    private static EvictionDecision Decide(V1Pod pod, params object[] taints)
    {
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "n1" },
            Spec = new V1NodeSpec
            {
                Taints = [.. taints.Select(t => t switch
                {
                    string key => new V1Taint { Key = key, Effect = "NoExecute", TimeAdded = Tainted.UtcDateTime },
                    (string key, string value) => new V1Taint { Key = key, Value = value, Effect = "NoExecute", TimeAdded = Tainted.UtcDateTime },
                    _ => throw new ArgumentException("taint"),
                })],
            },
        };
        return EvictionDecision.For(pod, node, taint => PodState.Utc(taint.TimeAdded!.Value));
    }
}
