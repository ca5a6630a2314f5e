using ChaosLab.ControllerManager.ReplicaSets;
using ChaosLab.ControllerManager.ReplicationControllers;
using k8s.Models;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.ReplicationControllers;

[Category("Unit")]
public class ReplicaSetViewTests
{
    private static V1ReplicationController Rc(int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "rs-uid", Generation = 3 },
        Spec = new V1ReplicationControllerSpec
        {
            Replicas = replicas,
            Selector = new Dictionary<string, string> { ["app"] = "web" },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "echo" }] },
            },
        },
    };

    [Test]
    public void The_replicaset_planner_creates_pods_owned_by_the_controller()
    {
        var rc = Rc(3);
        var plan = ReplicaSetPlanner.Plan(ReplicaSetView.Of(rc), [Pod("web-a")], manageReplicas: true, Now);
        var pod = ReplicaSetView.OwnedByController(plan.PodToCreate!, rc);
        var owner = pod.Metadata.OwnerReferences.Single();

        Assert.That(plan.CreateCount, Is.EqualTo(2));
        Assert.That((owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller), Is.EqualTo(("v1", "ReplicationController", "web", "rs-uid", (bool?)true)));
        var status = ReplicaSetView.StatusOf(plan.Status!, rc);
        Assert.That((status.Replicas, status.ReadyReplicas, status.ObservedGeneration), Is.EqualTo((1, (int?)1, (long?)3)));
    }

    [Test]
    public void Surplus_pods_matching_the_map_selector_are_deleted()
    {
        var plan = ReplicaSetPlanner.Plan(ReplicaSetView.Of(Rc(1)), [Pod("web-a"), Pod("web-b", ready: false), Pod("other", labels: new Dictionary<string, string> { ["app"] = "db" })], manageReplicas: true, Now);
        Assert.That(plan.ToDelete.Select(p => p.Metadata.Name), Is.EqualTo(new[] { "web-b" }));
    }
}
