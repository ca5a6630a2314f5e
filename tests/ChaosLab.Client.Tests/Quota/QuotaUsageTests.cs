using ChaosLab.Client.Quota;
using k8s.Models;

namespace ChaosLab.Client.Tests.Quota;

[Category("Unit")]
public sealed class QuotaUsageTests
{
    private static Dictionary<string, ResourceQuantity> List(params (string Name, string Value)[] items) =>
        items.ToDictionary(i => i.Name, i => new ResourceQuantity(i.Value));

    private static string Print(Dictionary<string, ResourceQuantity> usage) => QuotaResources.Print(usage);

    [Test]
    public void A_pod_charges_its_count_and_its_containers_summed_with_the_largest_init_container_where_larger()
    {
        var pod = new V1Pod
        {
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container { Name = "a", Resources = new V1ResourceRequirements { Requests = List(("cpu", "100m"), ("memory", "64Mi")), Limits = List(("cpu", "200m")) } },
                    new V1Container { Name = "b", Resources = new V1ResourceRequirements { Requests = List(("cpu", "150m"), ("memory", "64Mi")) } },
                ],
                InitContainers = [new V1Container { Name = "init", Resources = new V1ResourceRequirements { Requests = List(("cpu", "1"), ("memory", "32Mi")) } }],
            },
            Status = new V1PodStatus { Phase = "Running" },
        };

        Assert.That(Print(QuotaUsage.Of("", "pods", pod)),
            Is.EqualTo("count/pods=1,cpu=1,limits.cpu=200m,memory=128Mi,pods=1,requests.cpu=1,requests.memory=128Mi"));
    }

    [Test]
    public void A_finished_pod_charges_only_its_object_count()
    {
        var pod = new V1Pod { Spec = new V1PodSpec { Containers = [new V1Container { Name = "a" }] }, Status = new V1PodStatus { Phase = "Succeeded" } };

        Assert.That(Print(QuotaUsage.Of("", "pods", pod)), Is.EqualTo("count/pods=1"));
    }

    [Test]
    public void Services_claims_and_other_kinds_charge_what_upstreams_evaluators_count()
    {
        var service = new V1Service { Spec = new V1ServiceSpec { Type = "NodePort", Ports = [new V1ServicePort { Port = 80 }, new V1ServicePort { Port = 443 }] } };
        var claim = new V1PersistentVolumeClaim
        {
            Spec = new V1PersistentVolumeClaimSpec { StorageClassName = "fast", Resources = new V1VolumeResourceRequirements { Requests = List(("storage", "5Gi")) } },
        };

        Assert.That(Print(QuotaUsage.Of("", "services", service)), Is.EqualTo("count/services=1,services=1,services.loadbalancers=0,services.nodeports=2"));
        Assert.That(Print(QuotaUsage.Of("", "persistentvolumeclaims", claim)), Is.EqualTo(
            "count/persistentvolumeclaims=1,fast.storageclass.storage.k8s.io/persistentvolumeclaims=1,fast.storageclass.storage.k8s.io/requests.storage=5Gi,persistentvolumeclaims=1,requests.storage=5Gi"));
        Assert.That(Print(QuotaUsage.Of("", "configmaps", new V1ConfigMap())), Is.EqualTo("configmaps=1,count/configmaps=1"));
        Assert.That(Print(QuotaUsage.Of("apps", "deployments", new V1Deployment())), Is.EqualTo("count/deployments.apps=1"));
    }

    [Test]
    public void Containers_that_do_not_state_what_a_quota_limits_are_named()
    {
        var pod = new V1Pod
        {
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container { Name = "a", Resources = new V1ResourceRequirements { Limits = List(("cpu", "1")) } },
                    new V1Container { Name = "b" },
                ],
            },
        };

        Assert.That(QuotaUsage.MissingContainerValues(pod, ["limits.cpu", "limits.memory", "pods"]),
            Is.EqualTo("must specify limits.cpu for: b; limits.memory for: a,b"));
        Assert.That(QuotaUsage.MissingContainerValues(pod, ["pods"]), Is.Null);
    }

    [Test]
    public void Lists_add_subtract_and_report_what_exceeds_a_limit()
    {
        var used = QuotaResources.Add(List(("pods", "2"), ("requests.cpu", "500m")), List(("pods", "1"), ("requests.cpu", "700m")));

        Assert.That(Print(used), Is.EqualTo("pods=3,requests.cpu=1200m"));
        Assert.That(QuotaResources.Exceeding(used, List(("pods", "3"), ("requests.cpu", "1"))), Is.EqualTo(new[] { "requests.cpu" }));
        Assert.That(Print(QuotaResources.Subtract(used, List(("pods", "3")))), Is.EqualTo("pods=0,requests.cpu=1200m"));
    }

    [Test]
    public void Scoped_quotas_apply_to_the_pods_their_scopes_select_and_to_nothing_else()
    {
        var bestEffort = new V1ResourceQuota { Spec = new V1ResourceQuotaSpec { Scopes = ["BestEffort"] } };
        var plain = new V1Pod { Spec = new V1PodSpec { Containers = [new V1Container { Name = "a" }] } };
        var limited = new V1Pod { Spec = new V1PodSpec { Containers = [new V1Container { Name = "a", Resources = new V1ResourceRequirements { Limits = List(("cpu", "1")) } }] } };

        Assert.That(QuotaScopes.Applies(bestEffort, plain), Is.True);
        Assert.That(QuotaScopes.Applies(bestEffort, limited), Is.False);
        Assert.That(QuotaScopes.Applies(bestEffort, new V1ConfigMap()), Is.False);
        Assert.That(QuotaScopes.Applies(new V1ResourceQuota { Spec = new V1ResourceQuotaSpec() }, new V1ConfigMap()), Is.True);
    }
}
