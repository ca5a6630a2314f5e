using ChaosLab.ControllerManager.Deployments;
using static ChaosLab.ControllerManager.Tests.Deployments.DeploymentObjects;

namespace ChaosLab.ControllerManager.Tests.Deployments;

[Category("Unit")]
public class RollingUpdateTests
{
    [TestCase(6, "25%", "25%", 2, 1)]
    [TestCase(10, "25%", "25%", 3, 2)]
    [TestCase(1, "25%", "25%", 1, 0)]
    [TestCase(4, "0", "0", 0, 1)]
    [TestCase(5, "1", "0", 1, 0)]
    public void Percentages_round_surge_up_and_unavailable_down(int replicas, string surge, string unavailable, int expectedSurge, int expectedUnavailable)
    {
        var d = Deployment(replicas, maxSurge: surge, maxUnavailable: unavailable);

        Assert.That((RolloutMath.MaxSurge(d), RolloutMath.MaxUnavailable(d)), Is.EqualTo((expectedSurge, expectedUnavailable)));
    }

    [Test]
    public void Six_replicas_roll_over_within_surge_two_and_unavailable_one()
    {
        var d = Deployment(6);
        var sim = new RolloutSimulation(d, [OwnedReplicaSet(d, 6, 1, TestObjects.Now.AddHours(-1))]);
        var old = sim.Oldest.Metadata.Name;
        sim.Update(x => x.Spec.Template = Template("echo:v2"));

        // Step 1: the new ReplicaSet starts with the surge (2) and one old pod may go (6 - 1 = 5 stay available).
        var plan = sim.Step();
        Assert.That(plan.Create!.Spec.Replicas, Is.EqualTo(2));
        Assert.That(Replicas(sim), Is.EqualTo((5, 2)));

        // Step 2: one more new pod fits under 6 + 2 = 8.
        sim.Step();
        Assert.That(Replicas(sim), Is.EqualTo((5, 3)));

        // Step 3: nothing may move until new pods are available.
        var idle = sim.Step();
        Assert.That(idle.Updates, Is.Empty);
        Assert.That(Replicas(sim), Is.EqualTo((5, 3)));

        sim.MakeAllAvailable();
        sim.Step();
        Assert.That(Replicas(sim), Is.EqualTo((2, 3)), "8 available, 5 must stay: three old pods go");
        sim.Step();
        Assert.That(Replicas(sim), Is.EqualTo((2, 6)));

        sim.MakeAllAvailable();
        sim.Step();
        Assert.That(Replicas(sim), Is.EqualTo((0, 6)));

        sim.Step();
        var status = sim.Deployment.Status;
        Assert.That((status.Replicas, status.UpdatedReplicas, status.AvailableReplicas, status.UnavailableReplicas), Is.EqualTo(((int?)6, (int?)6, (int?)6, (int?)0)));
        Assert.That(DeploymentConditions.Get(status, DeploymentConditions.Progressing)!.Reason, Is.EqualTo(DeploymentConditions.NewReplicaSetAvailable));
        Assert.That(DeploymentConditions.Get(status, DeploymentConditions.Available)!.Status, Is.EqualTo("True"));
        Assert.That(sim.Sets.Single(rs => rs.Metadata.Name == old).Spec.Replicas, Is.Zero);
        Assert.That(sim.Deployment.Metadata.Annotations[DeploymentAnnotations.Revision], Is.EqualTo("2"));
    }

    [Test]
    public void Never_exceeds_surge_nor_drops_below_minimum_availability()
    {
        var d = Deployment(6);
        var sim = new RolloutSimulation(d, [OwnedReplicaSet(d, 6, 1, TestObjects.Now.AddHours(-1))]);
        sim.Update(x => x.Spec.Template = Template("echo:v2"));

        for (var i = 0; i < 30; i++)
        {
            sim.Step();
            Assert.That(sim.TotalSpec, Is.LessThanOrEqualTo(8));
            Assert.That(sim.TotalAvailable, Is.GreaterThanOrEqualTo(5));
            if (i % 2 == 1)
            {
                sim.MakeAllAvailable();
            }
        }
        Assert.That(sim.Newest.Spec.Replicas, Is.EqualTo(6));
        Assert.That(sim.Oldest.Spec.Replicas, Is.Zero);
    }

    [Test]
    public void Kubectl_scale_resizes_the_single_replica_set()
    {
        var d = Deployment(6);
        var sim = new RolloutSimulation(d, [OwnedReplicaSet(d, 6, 1, TestObjects.Now.AddHours(-1))]);
        sim.Update(x => x.Spec.Replicas = 10);

        var plan = sim.Step();

        Assert.That(plan.Create, Is.Null);
        var rs = plan.Updates.Single();
        Assert.That(rs.Spec.Replicas, Is.EqualTo(10));
        Assert.That(rs.Metadata.Annotations[DeploymentAnnotations.DesiredReplicas], Is.EqualTo("10"));
        Assert.That(rs.Metadata.Annotations[DeploymentAnnotations.MaxReplicas], Is.EqualTo("13"));
        sim.MakeAllAvailable();
        sim.Step();
        Assert.That(sim.Deployment.Status.AvailableReplicas, Is.EqualTo(10));
    }

    [Test]
    public void Scaling_mid_rollout_shares_the_new_size_proportionally()
    {
        var d = Deployment(6);
        var sim = new RolloutSimulation(d, [OwnedReplicaSet(d, 6, 1, TestObjects.Now.AddHours(-1))]);
        sim.Update(x => x.Spec.Template = Template("echo:v2"));
        sim.Step();
        sim.Step();
        Assert.That(Replicas(sim), Is.EqualTo((5, 3)));

        sim.Update(x => x.Spec.Replicas = 12);
        sim.Step();

        // 12 + surge 3 = 15 shared as 5·15/8 ≈ 9 and 3·15/8 ≈ 6.
        Assert.That(Replicas(sim), Is.EqualTo((9, 6)));
    }

    [Test]
    public void Scaling_to_zero_empties_every_replica_set()
    {
        var d = Deployment(6);
        var sim = new RolloutSimulation(d, [OwnedReplicaSet(d, 6, 1, TestObjects.Now.AddHours(-1))]);
        sim.Update(x => x.Spec.Template = Template("echo:v2"));
        sim.Step();

        sim.Update(x => x.Spec.Replicas = 0);
        sim.Step();

        Assert.That(sim.TotalSpec, Is.Zero);
    }

    [Test]
    public void Recreate_scales_old_down_before_creating_the_new_replica_set()
    {
        var d = Deployment(3);
        d.Spec.Strategy = new k8s.Models.V1DeploymentStrategy { Type = "Recreate" };
        var sim = new RolloutSimulation(d, [OwnedReplicaSet(d, 3, 1, TestObjects.Now.AddHours(-1))]);
        sim.Update(x => x.Spec.Template = Template("echo:v2"));

        var first = sim.Step();
        Assert.That(first.Create, Is.Null);
        Assert.That(sim.Oldest.Spec.Replicas, Is.Zero);

        var second = sim.Step();
        Assert.That(second.Create!.Spec.Replicas, Is.EqualTo(3));
    }

    [Test]
    public void Old_replica_sets_beyond_the_history_limit_are_deleted()
    {
        var d = Deployment(2, image: "echo:v4");
        d.Spec.RevisionHistoryLimit = 1;
        var sets = Enumerable.Range(1, 3).Select(i =>
        {
            var v = Deployment(2, image: $"echo:v{i}");
            return OwnedReplicaSet(v, 0, i, TestObjects.Now.AddHours(-10 + i));
        }).ToList();
        sets.ForEach(rs => rs.Status = new k8s.Models.V1ReplicaSetStatus { Replicas = 0, ObservedGeneration = 1 });
        var current = OwnedReplicaSet(d, 2, 4, TestObjects.Now.AddHours(-1));

        var plan = DeploymentPlanner.Plan(d, [.. sets, current], [], TestObjects.Now);

        Assert.That(plan.Deletes.Select(rs => rs.Metadata.Uid), Is.EquivalentTo(new[] { "rs-1", "rs-2" }));
    }

    private static (int Old, int New) Replicas(RolloutSimulation sim) =>
        (sim.Oldest.Spec.Replicas ?? 0, sim.Newest.Spec.Replicas ?? 0);
}
