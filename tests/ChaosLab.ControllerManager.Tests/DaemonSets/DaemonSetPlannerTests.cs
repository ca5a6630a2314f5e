using ChaosLab.ControllerManager.DaemonSets;
using k8s.Models;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.DaemonSets;

[Category("Unit")]
public class DaemonSetPlannerTests
{
    private const string Hash = "new";

    private static V1DaemonSet DaemonSet(string? maxUnavailable = "1", string? maxSurge = "0") => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "rs-uid", Generation = 2 },
        Spec = new V1DaemonSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "echo" }] },
            },
            UpdateStrategy = new V1DaemonSetUpdateStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = maxUnavailable, MaxSurge = maxSurge },
            },
        },
    };

    private static V1Node Node(string name, params V1Taint[] taints) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
        Spec = new V1NodeSpec { Taints = taints },
    };

    private static V1Pod DaemonPod(string name, string node, string hash = Hash, bool ready = true)
    {
        var pod = Pod(name, node: node, ready: ready);
        pod.Metadata.Labels[DaemonPods.RevisionHashLabel] = hash;
        return pod;
    }

    [Test]
    public void Creates_one_pod_per_node_pinned_by_affinity_with_upstream_tolerations()
    {
        var ds = DaemonSet();
        var plan = DaemonSetPlanner.Plan(ds, [Node("w1"), Node("w2")], [DaemonPod("a", "w1")], Hash, manage: true, Now);

        Assert.That(plan.NodesToCreateOn, Is.EqualTo(new[] { "w2" }));
        var pod = DaemonPods.NewPod(ds, "w2", Hash);
        var term = pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((term.MatchFields.Single().Key, term.MatchFields.Single().Values.Single()), Is.EqualTo(("metadata.name", "w2")));
            Assert.That(pod.Spec.NodeName, Is.Null, "the scheduler binds it");
            Assert.That(pod.Metadata.Labels[DaemonPods.RevisionHashLabel], Is.EqualTo(Hash));
            Assert.That(pod.Metadata.Labels[DaemonPods.TemplateGenerationLabel], Is.EqualTo("2"));
            Assert.That(pod.Spec.Tolerations.Select(t => $"{t.Key}:{t.Effect}"), Is.EquivalentTo(new[]
            {
                "node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/disk-pressure:NoSchedule",
                "node.kubernetes.io/memory-pressure:NoSchedule", "node.kubernetes.io/pid-pressure:NoSchedule", "node.kubernetes.io/unschedulable:NoSchedule",
            }));
            Assert.That(DaemonPods.TargetNode(pod), Is.EqualTo("w2"));
            Assert.That(plan.Status!.DesiredNumberScheduled, Is.EqualTo(2));
            Assert.That(plan.Status.CurrentNumberScheduled, Is.EqualTo(1));
        }
    }

    [Test]
    public void A_NoSchedule_taint_keeps_new_pods_off_but_NoExecute_evicts()
    {
        var noSchedule = new V1Taint { Key = "dedicated", Value = "db", Effect = "NoSchedule" };
        var noExecute = new V1Taint { Key = "dedicated", Value = "db", Effect = "NoExecute" };
        var plan = DaemonSetPlanner.Plan(DaemonSet(), [Node("w1", noSchedule), Node("w2", noSchedule), Node("w3", noExecute)],
            [DaemonPod("a", "w1"), DaemonPod("c", "w3")], Hash, manage: true, Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.NodesToCreateOn, Is.Empty);
            Assert.That(plan.ToDelete.Select(p => p.Metadata.Name), Is.EqualTo(new[] { "c" }));
            Assert.That(plan.Status!.DesiredNumberScheduled, Is.Zero);
            Assert.That(plan.Status.NumberMisscheduled, Is.EqualTo(2));
        }
    }

    [Test]
    public void Node_selector_limits_the_nodes()
    {
        var ds = DaemonSet();
        ds.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "w2" };
        var plan = DaemonSetPlanner.Plan(ds, [Node("w1"), Node("w2")], [DaemonPod("a", "w1")], Hash, manage: true, Now);

        Assert.That(plan.NodesToCreateOn, Is.EqualTo(new[] { "w2" }));
        Assert.That(plan.ToDelete.Select(p => p.Metadata.Name), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void Rolling_update_replaces_at_most_maxUnavailable_available_pods()
    {
        var pods = new[] { DaemonPod("a", "w1", "old"), DaemonPod("b", "w2", "old"), DaemonPod("c", "w3", "old") };
        var plan = DaemonSetPlanner.Plan(DaemonSet(), [Node("w1"), Node("w2"), Node("w3")], pods, Hash, manage: true, Now);

        Assert.That(plan.ToDelete.Select(p => p.Metadata.Name), Is.EqualTo(new[] { "a" }));
        Assert.That(plan.Status!.UpdatedNumberScheduled, Is.Zero);
    }

    [Test]
    public void Rolling_update_waits_while_a_node_lacks_an_available_pod()
    {
        var pods = new[] { DaemonPod("a", "w1", ready: false), DaemonPod("b", "w2", "old"), DaemonPod("c", "w3", "old") };
        var plan = DaemonSetPlanner.Plan(DaemonSet(), [Node("w1"), Node("w2"), Node("w3")], pods, Hash, manage: true, Now);

        Assert.That(plan.ToDelete, Is.Empty);
    }

    [Test]
    public void Surge_starts_the_new_pod_beside_the_old_and_removes_the_old_once_available()
    {
        var ds = DaemonSet(maxUnavailable: "0", maxSurge: "1");
        var plan = DaemonSetPlanner.Plan(ds, [Node("w1"), Node("w2")], [DaemonPod("a", "w1", "old"), DaemonPod("b", "w2", "old")], Hash, manage: true, Now);
        Assert.That(plan.NodesToCreateOn, Is.EqualTo(new[] { "w1" }));
        Assert.That(plan.ToDelete, Is.Empty);

        var later = DaemonSetPlanner.Plan(ds, [Node("w1"), Node("w2")],
            [DaemonPod("a", "w1", "old"), DaemonPod("a2", "w1"), DaemonPod("b", "w2", "old")], Hash, manage: true, Now);
        Assert.That(later.ToDelete.Select(p => p.Metadata.Name), Is.EqualTo(new[] { "a" }));
        Assert.That(later.NodesToCreateOn, Is.Empty, "one surge at a time");
    }

    [Test]
    public void Nothing_changes_while_expectations_are_pending_but_status_is_computed()
    {
        var plan = DaemonSetPlanner.Plan(DaemonSet(), [Node("w1")], [], Hash, manage: false, Now);

        Assert.That(plan.NodesToCreateOn, Is.Empty);
        Assert.That(plan.Status!.DesiredNumberScheduled, Is.EqualTo(1));
        Assert.That(plan.Status.ObservedGeneration, Is.EqualTo(2));
    }
}
