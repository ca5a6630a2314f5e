using ChaosLab.ControllerManager.Namespaces;
using k8s.Models;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.Namespaces;

[Category("Unit")]
public class NamespaceDeletionPlannerTests
{
    [Test]
    public void Waits_while_any_resource_has_objects_left()
    {
        var plan = NamespaceDeletionPlanner.Plan(Terminating(), Counts(("pods", 2), ("services", 0)));

        Assert.That(plan.Finalize, Is.Null);
        Assert.That(plan.Remaining, Is.EqualTo(new Dictionary<string, int> { ["pods"] = 2 }));
        Assert.That(NamespaceDeletionPlanner.ContentRemainingCondition(plan.Remaining, Now).Message, Is.EqualTo("Some resources are remaining: pods has 2 resource instances"));
    }

    [Test]
    public void Finalizes_with_the_kubernetes_finalizer_removed_once_empty()
    {
        var plan = NamespaceDeletionPlanner.Plan(Terminating(), Counts(("pods", 0), ("services", 0)));

        Assert.That(plan.Finalize!.Spec.Finalizers, Is.Empty);
        Assert.That(plan.Finalize.Metadata.Name, Is.EqualTo("team-a"));
    }

    [Test]
    public void Other_finalizers_are_kept()
    {
        var ns = Terminating();
        ns.Spec.Finalizers = ["kubernetes", "example.com/cleanup"];

        Assert.That(NamespaceDeletionPlanner.Plan(ns, Counts()).Finalize!.Spec.Finalizers, Is.EqualTo(new[] { "example.com/cleanup" }));
    }

    [Test]
    public void Live_or_already_finalized_namespaces_are_left_alone()
    {
        var live = Terminating();
        live.Metadata.DeletionTimestamp = null;
        var finalized = Terminating();
        finalized.Spec.Finalizers = [];

        Assert.That(NamespaceDeletionPlanner.Plan(live, Counts()), Is.SameAs(NamespaceDeletionPlan.Nothing));
        Assert.That(NamespaceDeletionPlanner.Plan(finalized, Counts()), Is.SameAs(NamespaceDeletionPlan.Nothing));
    }

    [Test]
    public void Only_objects_not_already_terminating_are_deleted_again()
    {
        var objects = new[] { new V1ObjectMeta { Name = "a" }, new V1ObjectMeta { Name = "b", DeletionTimestamp = Now.UtcDateTime } };

        Assert.That(NamespaceDeletionPlanner.ToDelete(objects).Select(o => o.Name), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void Every_served_namespaced_resource_is_emptied()
    {
        Assert.That(NamespacedResource.All.Select(r => r.Name.Split('.')[0]), Is.EquivalentTo(new[]
        {
            "pods", "services", "endpoints", "endpointslices", "events", "configmaps", "secrets", "serviceaccounts", "deployments", "replicasets", "leases",
            "replicationcontrollers", "podtemplates", "limitranges", "resourcequotas", "persistentvolumeclaims", "daemonsets", "statefulsets",
            "controllerrevisions", "jobs", "cronjobs", "poddisruptionbudgets", "horizontalpodautoscalers", "ingresses", "networkpolicies", "roles",
            "rolebindings",
        }));
    }

    private static V1Namespace Terminating() => new()
    {
        Metadata = new V1ObjectMeta { Name = "team-a", DeletionTimestamp = Now.UtcDateTime },
        Spec = new V1NamespaceSpec { Finalizers = ["kubernetes"] },
    };

    private static Dictionary<string, int> Counts(params (string Resource, int Count)[] counts) =>
        counts.ToDictionary(c => c.Resource, c => c.Count);
}
