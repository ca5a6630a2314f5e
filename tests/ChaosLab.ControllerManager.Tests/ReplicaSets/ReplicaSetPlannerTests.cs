using ChaosLab.ControllerManager.ReplicaSets;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.ReplicaSets;

[Category("Unit")]
public class ReplicaSetPlannerTests
{
    [Test]
    public void Creates_the_missing_pods_from_the_template()
    {
        var plan = ReplicaSetPlanner.Plan(ReplicaSet("web", 3), [Pod("web-a")], manageReplicas: true, Now);

        Assert.That(plan.CreateCount, Is.EqualTo(2));
        var pod = plan.PodToCreate!;
        Assert.That(pod.Metadata.GenerateName, Is.EqualTo("web-"));
        Assert.That(pod.Metadata.Labels["app"], Is.EqualTo("web"));
        var owner = pod.Metadata.OwnerReferences.Single();
        Assert.That((owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion), Is.EqualTo(("ReplicaSet", "web", "rs-uid", (bool?)true, (bool?)true)));
        Assert.That(pod.Spec.Containers.Single().Image, Is.EqualTo("echo"));
    }

    [Test]
    public void Terminating_and_finished_pods_do_not_count_so_they_are_replaced()
    {
        var pods = new[] { Pod("a"), Pod("b").Terminating(), Pod("c", phase: "Failed"), Pod("d", phase: "Succeeded") };

        var plan = ReplicaSetPlanner.Plan(ReplicaSet("web", 3), pods, manageReplicas: true, Now);

        Assert.That(plan.CreateCount, Is.EqualTo(2));
        Assert.That(plan.Status!.Replicas, Is.EqualTo(1));
    }

    [Test]
    public void Deletes_surplus_preferring_unscheduled_then_not_ready_then_newest()
    {
        var pods = new[]
        {
            Pod("old-ready", created: Now.AddHours(-2)),
            Pod("new-ready", created: Now.AddHours(-1)),
            Pod("not-ready", ready: false),
            Pod("unscheduled", node: null, phase: "Pending", ready: false),
        };

        var plan = ReplicaSetPlanner.Plan(ReplicaSet("web", 1), pods, manageReplicas: true, Now);

        Assert.That(plan.ToDelete.Select(p => p.Metadata.Name), Is.EqualTo(new[] { "unscheduled", "not-ready", "new-ready" }));
    }

    [Test]
    public void Does_nothing_but_status_while_expectations_are_unmet()
    {
        var plan = ReplicaSetPlanner.Plan(ReplicaSet("web", 3), [Pod("a")], manageReplicas: false, Now);

        Assert.That(plan.CreateCount, Is.Zero);
        Assert.That(plan.ToDelete, Is.Empty);
    }

    [Test]
    public void Adopts_matching_orphans_and_releases_pods_that_no_longer_match()
    {
        var orphan = Pod("orphan", ownerUid: null);
        var relabelled = Pod("relabelled", labels: new() { ["app"] = "other" });
        var foreign = Pod("foreign", ownerUid: "someone-else");

        var plan = ReplicaSetPlanner.Plan(ReplicaSet("web", 1), [orphan, relabelled, foreign], manageReplicas: true, Now);

        Assert.That(plan.ToAdopt, Is.EqualTo(new[] { orphan }));
        Assert.That(plan.ToRelease, Is.EqualTo(new[] { relabelled }));
        Assert.That(plan.CreateCount, Is.Zero, "the adopted orphan counts as the one replica");
    }

    [Test]
    public void Status_counts_ready_available_and_fully_labelled_replicas()
    {
        var rs = ReplicaSet("web", 3);
        rs.Spec.MinReadySeconds = 600;
        var longReady = Pod("a");
        longReady.Status.Conditions[0].LastTransitionTime = Now.AddHours(-1).UtcDateTime;
        var pods = new[] { longReady, Pod("b"), Pod("c", ready: false) };

        var plan = ReplicaSetPlanner.Plan(rs, pods, manageReplicas: true, Now);

        var status = plan.Status!;
        Assert.That((status.Replicas, status.ReadyReplicas, status.AvailableReplicas, status.FullyLabeledReplicas, status.ObservedGeneration),
            Is.EqualTo((3, (int?)2, (int?)1, (int?)3, (long?)1)));
        Assert.That(plan.RequeueAfter, Is.Not.Null, "b becomes available later without any event");
    }

    [Test]
    public void Unchanged_status_is_not_written_again()
    {
        var rs = ReplicaSet("web", 1);
        rs.Status = new k8s.Models.V1ReplicaSetStatus { Replicas = 1, ReadyReplicas = 1, AvailableReplicas = 1, FullyLabeledReplicas = 1, ObservedGeneration = 1 };

        var plan = ReplicaSetPlanner.Plan(rs, [Pod("a")], manageReplicas: true, Now);

        Assert.That(plan.Status, Is.Null);
    }
}
