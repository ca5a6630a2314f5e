using ChaosLab.KubeProxy.Mutants;
using k8s.Models;

namespace ChaosLab.KubeProxy.Tests.Mutants;

[Category("Unit")]
public sealed class KubeProxyMutantsTests
{
    [Test]
    public void The_flag_selects_the_mutant_and_refuses_unknown_ones()
    {
        Assert.That(KubeProxyOptions.Parse(["--mutant=proxy-keeps-unready"]).Mutant, Is.EqualTo(KubeProxyMutants.KeepsUnready));
        Assert.That(KubeProxyOptions.Parse([]).Mutant, Is.Null);
        Assert.Throws<ArgumentException>(() => KubeProxyOptions.Parse(["--mutant=proxy-forgets-everything"]));
    }

    [Test]
    public void The_mutant_sees_every_endpoint_ready_without_touching_the_cached_slices()
    {
        var unready = new V1Endpoint { Addresses = ["10.244.1.5"], NodeName = "worker-1", Conditions = new V1EndpointConditions { Ready = false, Serving = false } };
        var slice = new V1EndpointSlice { AddressType = "IPv4", Metadata = new V1ObjectMeta { Name = "web-abc" }, Endpoints = [unready], Ports = [new Discoveryv1EndpointPort { Port = 8080 }] };

        var seen = KubeProxyMutants.AllReady([slice]).Single();

        Assert.That(seen.Endpoints.Single().Conditions.Ready, Is.True);
        Assert.That(seen.Endpoints.Single().Addresses, Is.EqualTo(new[] { "10.244.1.5" }));
        Assert.That(seen.Ports, Is.SameAs(slice.Ports));
        Assert.That(unready.Conditions.Ready, Is.False, "the informer's object is not changed");
    }
}
