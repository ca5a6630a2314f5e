using ChaosLab.Client.Informers;
using ChaosLab.ControllerManager.GarbageCollector;
using k8s;

namespace ChaosLab.ControllerManager.Tests.GarbageCollector;

[Category("Unit")]
public class GcResourcesTests
{
    [Test]
    public void Horizontal_pod_autoscalers_are_watched_so_their_foreground_deletion_finishes()
    {
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });

        var resources = GcResources.Create(new InformerFactory(client, TimeSpan.Zero));

        var hpa = resources.SingleOrDefault(r => r.Group == "autoscaling" && r.Kind == "HorizontalPodAutoscaler");
        Assert.That(hpa, Is.Not.Null);
        Assert.That((hpa!.Watched, hpa.Namespaced), Is.EqualTo((true, true)));
    }

    [Test]
    public void Every_kind_appears_once()
    {
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });

        var resources = GcResources.Create(new InformerFactory(client, TimeSpan.Zero));

        Assert.That(resources.Select(r => (r.Group, r.Kind)), Is.Unique);
    }
}
