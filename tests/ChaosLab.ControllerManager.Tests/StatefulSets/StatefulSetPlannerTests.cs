using ChaosLab.ControllerManager.StatefulSets;
using k8s.Models;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.StatefulSets;

[Category("Unit")]
public class StatefulSetPlannerTests
{
    private static readonly V1PodTemplateSpec OldTemplate = new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "old" }] },
    };

    private static V1StatefulSet Set(int replicas, string policy = "OrderedReady", int partition = 0) => new()
    {
        Metadata = new V1ObjectMeta { Name = "db", NamespaceProperty = "default", Uid = "rs-uid", Generation = 1 },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = "db-headless",
            PodManagementPolicy = policy,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "new" }] },
            },
            UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateStatefulSetStrategy { Partition = partition } },
            VolumeClaimTemplates = [new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = "data" }, Spec = new V1PersistentVolumeClaimSpec() }],
        },
    };

    private static V1Pod Member(int ordinal, string revision = "db-new", bool ready = true)
    {
        var pod = Pod($"db-{ordinal}", ready: ready);
        pod.Metadata.Labels[StatefulPods.RevisionLabel] = revision;
        return pod;
    }

    private static StatefulSetPlan Plan(V1StatefulSet set, params V1Pod[] pods) =>
        StatefulSetPlanner.Plan(set, pods, ("db-old", OldTemplate), "db-new", manage: true, Now);

    private static StatefulSetPlan PlanWithoutUpdate(V1StatefulSet set, params V1Pod[] pods) =>
        StatefulSetPlanner.Plan(set, pods, ("db-new", set.Spec.Template), "db-new", manage: true, Now);

    [Test]
    public void OrderedReady_creates_the_lowest_missing_ordinal_with_its_identity()
    {
        var set = Set(3);
        var plan = PlanWithoutUpdate(set, Member(0));

        var (pod, ordinal) = plan.ToCreate.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ordinal, Is.EqualTo(1));
            Assert.That(pod.Metadata.Name, Is.EqualTo("db-1"));
            Assert.That(pod.Spec.Hostname, Is.EqualTo("db-1"));
            Assert.That(pod.Spec.Subdomain, Is.EqualTo("db-headless"));
            Assert.That(pod.Metadata.Labels[StatefulPods.PodNameLabel], Is.EqualTo("db-1"));
            Assert.That(pod.Metadata.Labels[StatefulPods.PodIndexLabel], Is.EqualTo("1"));
            Assert.That(pod.Metadata.Labels[StatefulPods.RevisionLabel], Is.EqualTo("db-new"));
            Assert.That(pod.Spec.Volumes.Single().PersistentVolumeClaim.ClaimName, Is.EqualTo("data-db-1"));
            Assert.That(StatefulPods.NewClaims(set, 1).Single().Metadata.Name, Is.EqualTo("data-db-1"));
        }
    }

    [Test]
    public void OrderedReady_waits_for_the_previous_pod_to_be_ready()
    {
        Assert.That(PlanWithoutUpdate(Set(3), Member(0, ready: false)).ToCreate, Is.Empty);
    }

    [Test]
    public void Parallel_creates_every_missing_pod_at_once()
    {
        var plan = PlanWithoutUpdate(Set(3, "Parallel"), Member(0, ready: false));
        Assert.That(plan.ToCreate.Select(c => c.Ordinal), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void Scale_down_deletes_the_highest_ordinal_first_one_at_a_time()
    {
        var plan = PlanWithoutUpdate(Set(1), Member(0), Member(1), Member(2));
        Assert.That(plan.ToDelete.Select(p => p.Metadata.Name), Is.EqualTo(new[] { "db-2" }));

        var waiting = PlanWithoutUpdate(Set(1), Member(0), Member(1), Member(2).Terminating());
        Assert.That(waiting.ToDelete, Is.Empty, "db-1 waits until db-2 is gone");
    }

    [Test]
    public void Rolling_update_honours_the_partition_from_the_highest_ordinal()
    {
        var set = Set(3, partition: 2);
        var plan = Plan(set, Member(0, "db-old"), Member(1, "db-old"), Member(2, "db-old"));
        Assert.That(plan.ToDelete.Select(p => p.Metadata.Name), Is.EqualTo(new[] { "db-2" }));

        var done = Plan(set, Member(0, "db-old"), Member(1, "db-old"), Member(2));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(done.ToDelete, Is.Empty, "ordinals below the partition keep the old revision");
            Assert.That(done.Status!.UpdatedReplicas, Is.EqualTo(1));
            Assert.That(done.Status.CurrentReplicas, Is.EqualTo(2));
            Assert.That(done.Status.CurrentRevision, Is.EqualTo("db-old"));
            Assert.That(done.Status.UpdateRevision, Is.EqualTo("db-new"));
        }
    }

    [Test]
    public void A_pod_below_the_partition_is_recreated_from_the_current_revision()
    {
        var plan = Plan(Set(3, partition: 2), Member(1, "db-old"), Member(2));
        var (pod, ordinal) = plan.ToCreate.Single();
        Assert.That(ordinal, Is.Zero);
        Assert.That(pod.Metadata.Labels[StatefulPods.RevisionLabel], Is.EqualTo("db-old"));
        Assert.That(pod.Spec.Containers.Single().Image, Is.EqualTo("old"));
    }

    [Test]
    public void A_completed_update_makes_the_update_revision_current()
    {
        var plan = Plan(Set(2), Member(0), Member(1));
        Assert.That(plan.Status!.CurrentRevision, Is.EqualTo("db-new"));
        Assert.That(plan.Status.CurrentReplicas, Is.EqualTo(2));
        Assert.That(plan.Status.ReadyReplicas, Is.EqualTo(2));
    }
}
