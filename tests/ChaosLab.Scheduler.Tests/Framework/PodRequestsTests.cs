using ChaosLab.Scheduler.Framework;
using k8s.Models;
using static ChaosLab.Scheduler.Tests.Support.TestObjects;

namespace ChaosLab.Scheduler.Tests.Framework;

[Category("Unit")]
public sealed class PodRequestsTests
{
    [Test]
    public void App_containers_add_up_and_the_largest_init_container_raises_the_total()
    {
        var pod = Pod("p");
        pod.Spec.Containers = [Container("a", "100m", "100Mi"), Container("b", "200m", "100Mi")];
        pod.Spec.InitContainers = [Container("init-small", "50m", "50Mi"), Container("init-big", "1", "10Mi")];

        Assert.That(PodRequests.Of(pod), Is.EqualTo(new ResourceAmounts(1000, 200L * 1024 * 1024)));
    }

    [Test]
    public void A_sidecar_init_container_runs_alongside_the_app_containers()
    {
        var pod = Pod("p");
        pod.Spec.Containers = [Container("app", "100m", "0")];
        var sidecar = Container("proxy", "50m", "0");
        sidecar.RestartPolicy = "Always";
        pod.Spec.InitContainers = [sidecar];

        Assert.That(PodRequests.Of(pod).MilliCpu, Is.EqualTo(150));
    }

    [Test]
    public void Limits_stand_in_for_missing_requests()
    {
        var pod = Pod("p");
        pod.Spec.Containers[0].Resources = new V1ResourceRequirements
        {
            Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m") },
        };

        Assert.That(PodRequests.Of(pod).MilliCpu, Is.EqualTo(500));
    }

    private static V1Container Container(string name, string cpu, string memory) => new()
    {
        Name = name,
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory) },
        },
    };
}
