using ChaosLab.ControllerManager.EndpointSlices;
using ChaosLab.ControllerManager.Tests.Endpoints;
using k8s.Models;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.EndpointSlices;

[Category("Unit")]
public class EndpointSliceReconcilerTests
{
    [Test]
    public void Builds_one_labelled_owned_slice_with_endpoint_conditions()
    {
        var pods = new[] { Pod("a", ip: "10.0.0.1"), Pod("b", ip: "10.0.0.2", ready: false), Pod("c", ip: "10.0.0.3").Terminating() };

        var plan = EndpointSliceReconciler.Plan(EndpointsBuilderTests.Service(), pods, [], 100);

        var slice = plan.Creates.Single();
        Assert.That(slice.Metadata.GenerateName, Is.EqualTo("web-"));
        Assert.That(slice.Metadata.Labels[EndpointSliceLabels.ServiceName], Is.EqualTo("web"));
        Assert.That(slice.Metadata.Labels[EndpointSliceLabels.ManagedBy], Is.EqualTo("endpointslice-controller.k8s.io"));
        Assert.That((slice.Metadata.OwnerReferences.Single().Kind, slice.Metadata.OwnerReferences.Single().Uid), Is.EqualTo(("Service", "svc-uid")));
        Assert.That(slice.AddressType, Is.EqualTo("IPv4"));
        Assert.That(slice.Ports.Single().Port, Is.EqualTo(8080));
        var byName = slice.Endpoints.ToDictionary(e => e.TargetRef.Name);
        Assert.That(Conditions(byName["a"]), Is.EqualTo((true, true, false)));
        Assert.That(Conditions(byName["b"]), Is.EqualTo((false, false, false)));
        Assert.That(Conditions(byName["c"]), Is.EqualTo((false, true, true)), "terminating pods stay, serving but not ready");
        Assert.That(byName["a"].NodeName, Is.EqualTo("node-1"));
    }

    [Test]
    public void At_most_max_endpoints_per_slice()
    {
        var pods = Enumerable.Range(1, 250).Select(i => Pod($"p{i:000}", ip: $"10.0.{i / 200}.{i % 200}")).ToList();

        var plan = EndpointSliceReconciler.Plan(EndpointsBuilderTests.Service(), pods, [], 100);

        Assert.That(plan.Creates.Select(s => s.Endpoints.Count), Is.EqualTo(new[] { 100, 100, 50 }));
    }

    [Test]
    public void Existing_slices_are_kept_and_only_changed_ones_are_written()
    {
        var service = EndpointsBuilderTests.Service();
        var pods = new List<V1Pod> { Pod("a", ip: "10.0.0.1"), Pod("b", ip: "10.0.0.2") };
        var slice = Named(EndpointSliceReconciler.Plan(service, pods, [], 100).Creates.Single(), "web-abc");

        Assert.That(EndpointSliceReconciler.Plan(service, pods, [slice], 100).IsEmpty, Is.True);

        pods[1] = Pod("b", ip: "10.0.0.2", ready: false);
        pods.Add(Pod("c", ip: "10.0.0.3"));
        var plan = EndpointSliceReconciler.Plan(service, pods, [slice], 100);

        Assert.That(plan.Creates, Is.Empty);
        var updated = plan.Updates.Single();
        Assert.That(updated.Metadata.Name, Is.EqualTo("web-abc"));
        Assert.That(updated.Endpoints.Select(e => (e.TargetRef.Name, e.Conditions.Ready)), Is.EqualTo(new[] { ("a", (bool?)true), ("b", false), ("c", true) }));
    }

    [Test]
    public void A_service_without_endpoints_keeps_one_empty_placeholder()
    {
        var service = EndpointsBuilderTests.Service();

        var placeholder = EndpointSliceReconciler.Plan(service, [], [], 100).Creates.Single();
        Assert.That(placeholder.Endpoints, Is.Empty);

        var withStale = Named(EndpointSliceReconciler.Plan(service, [Pod("a", ip: "10.0.0.1")], [], 100).Creates.Single(), "web-old");
        var plan = EndpointSliceReconciler.Plan(service, [], [withStale, Named(placeholder, "web-empty")], 100);
        Assert.That(plan.Deletes.Single().Metadata.Name, Is.EqualTo("web-old"));
        Assert.That(plan.Creates, Is.Empty);
    }

    [Test]
    public void Slices_of_other_managers_are_ignored()
    {
        var foreign = new V1EndpointSlice
        {
            Metadata = new V1ObjectMeta { Name = "web-manual", NamespaceProperty = "default", Labels = new Dictionary<string, string> { [EndpointSliceLabels.ServiceName] = "web", [EndpointSliceLabels.ManagedBy] = "someone" } },
            AddressType = "IPv4",
            Endpoints = [],
        };

        var plan = EndpointSliceReconciler.Plan(EndpointsBuilderTests.Service(), [Pod("a", ip: "10.0.0.1")], [foreign], 100);

        Assert.That(plan.Deletes, Is.Empty);
        Assert.That(plan.Creates, Has.Count.EqualTo(1));
    }

    private static (bool?, bool?, bool?) Conditions(V1Endpoint e) => (e.Conditions.Ready, e.Conditions.Serving, e.Conditions.Terminating);

    private static V1EndpointSlice Named(V1EndpointSlice slice, string name)
    {
        slice.Metadata.Name = name;
        slice.Metadata.GenerateName = null;
        return slice;
    }
}
