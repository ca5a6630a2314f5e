using ChaosLab.ControllerManager.Endpoints;
using k8s.Models;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.Endpoints;

[Category("Unit")]
public class EndpointsBuilderTests
{
    [Test]
    public void Ready_pods_are_addresses_and_unready_ones_not_ready_addresses()
    {
        var pods = new[] { Pod("a", ip: "10.244.1.2"), Pod("b", ip: "10.244.1.3", ready: false) };

        var subset = EndpointsBuilder.Subsets(Service(), pods).Single();

        Assert.That(subset.Addresses.Select(a => a.Ip), Is.EqualTo(new[] { "10.244.1.2" }));
        Assert.That(subset.NotReadyAddresses.Select(a => a.Ip), Is.EqualTo(new[] { "10.244.1.3" }));
        var address = subset.Addresses.Single();
        Assert.That((address.NodeName, address.TargetRef.Kind, address.TargetRef.Name, address.TargetRef.Uid), Is.EqualTo(("node-1", "Pod", "a", "a-uid")));
        var port = subset.Ports.Single();
        Assert.That((port.Name, port.Port, port.Protocol), Is.EqualTo(("http", 8080, "TCP")));
    }

    [Test]
    public void Terminating_finished_ip_less_and_unselected_pods_are_left_out()
    {
        var pods = new[]
        {
            Pod("gone", ip: "10.0.0.1").Terminating(),
            Pod("done", ip: "10.0.0.2", phase: "Succeeded"),
            Pod("starting"),
            Pod("other", ip: "10.0.0.4", labels: new() { ["app"] = "other" }),
        };

        Assert.That(EndpointsBuilder.Subsets(Service(), pods), Is.Empty);
    }

    [Test]
    public void Publish_not_ready_addresses_puts_every_pod_in_addresses()
    {
        var service = Service();
        service.Spec.PublishNotReadyAddresses = true;

        var subset = EndpointsBuilder.Subsets(service, [Pod("b", ip: "10.0.0.3", ready: false)]).Single();

        Assert.That(subset.Addresses.Single().Ip, Is.EqualTo("10.0.0.3"));
        Assert.That(subset.NotReadyAddresses, Is.Null);
    }

    [Test]
    public void Named_target_ports_resolve_per_pod_and_split_subsets()
    {
        var service = Service(targetPort: "web");
        var a = WithNamedPort(Pod("a", ip: "10.0.0.1"), "web", 8080);
        var b = WithNamedPort(Pod("b", ip: "10.0.0.2"), "web", 9090);
        var c = Pod("c", ip: "10.0.0.3");

        var subsets = EndpointsBuilder.Subsets(service, [a, b, c]);

        Assert.That(subsets.Select(s => (s.Addresses.Single().Ip, s.Ports.Single().Port)),
            Is.EquivalentTo(new[] { ("10.0.0.1", 8080), ("10.0.0.2", 9090) }), "c has no port named web");
    }

    [Test]
    public void Endpoints_carry_the_service_labels_and_skip_rewrites_when_equal()
    {
        var service = Service();
        service.Metadata.Labels = new Dictionary<string, string> { ["team"] = "a" };
        var pods = new[] { Pod("a", ip: "10.0.0.1") };

        var desired = EndpointsBuilder.Build(service, pods, null);
        var again = EndpointsBuilder.Build(service, pods, desired);

        Assert.That(desired.Metadata.Name, Is.EqualTo("web"));
        Assert.That(desired.Metadata.Labels["team"], Is.EqualTo("a"));
        Assert.That(EndpointsBuilder.UpToDate(desired, again), Is.True);
        Assert.That(EndpointsBuilder.UpToDate(desired, EndpointsBuilder.Build(service, [], desired)), Is.False);
    }

    internal static V1Service Service(string? targetPort = "8080") => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "svc-uid" },
        Spec = new V1ServiceSpec
        {
            ClusterIP = "10.96.0.10",
            Selector = new Dictionary<string, string> { ["app"] = "web" },
            Ports = [new V1ServicePort { Name = "http", Port = 80, Protocol = "TCP", TargetPort = targetPort }],
        },
    };

    internal static V1Pod WithNamedPort(V1Pod pod, string name, int port)
    {
        pod.Spec.Containers[0].Ports = [new V1ContainerPort { Name = name, ContainerPort = port, Protocol = "TCP" }];
        return pod;
    }
}
