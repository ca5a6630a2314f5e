using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Tests.Rest;

[Category("Unit")]
public sealed class ServiceNodePortsTests
{
    private static JsonObject Service(string type, string ports, string extra = "") =>
        JsonNode.Parse("{\"metadata\":{\"name\":\"web\"},\"spec\":{\"type\":\"" + type + "\"" + extra + ",\"ports\":" + ports + "}}")!.AsObject();

    private static long?[] NodePorts(JsonObject service) =>
        service["spec"]!["ports"]!.AsArray().Select(p => (long?)p!["nodePort"]).ToArray();

    [Test]
    public void A_new_NodePort_service_gets_a_distinct_port_in_the_range_for_each_port_and_takes_them()
    {
        var service = Service("NodePort", """[{"port":80},{"port":443},{"port":8080,"nodePort":30080}]""");

        var (take, release) = ServiceNodePorts.Plan(service, null);

        var ports = NodePorts(service);
        Assert.Multiple(() =>
        {
            Assert.That(ports, Has.All.InRange(ServiceNodePorts.First, ServiceNodePorts.Last));
            Assert.That(ports, Is.Unique);
            Assert.That(ports[2], Is.EqualTo(30080), "a requested port is kept");
            Assert.That(take, Is.EquivalentTo(ports.Select(p => p!.Value)));
            Assert.That(release, Is.Empty);
        });
    }

    [TestCase("ClusterIP", "")]
    [TestCase("ExternalName", ""","externalName":"db.example.com" """)]
    [TestCase("LoadBalancer", ""","allocateLoadBalancerNodePorts":false""")]
    public void Services_without_node_ports_get_none(string type, string extra)
    {
        var service = Service(type, """[{"port":80}]""", extra.Trim());

        var (take, _) = ServiceNodePorts.Plan(service, null);

        Assert.That((NodePorts(service)[0], take), Is.EqualTo(((long?)null, (IReadOnlyList<long>)[])));
    }

    [Test]
    public void A_LoadBalancer_takes_node_ports_by_default()
    {
        var service = Service("LoadBalancer", """[{"port":80}]""");

        Assert.That(ServiceNodePorts.Plan(service, null).Take, Has.Count.EqualTo(1));
    }

    [TestCase(80)]
    [TestCase(32768)]
    public void A_requested_port_outside_the_range_is_refused_with_the_range(long port)
    {
        var service = Service("NodePort", "[{\"port\":80,\"nodePort\":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}]");

        Assert.That(() => ServiceNodePorts.Plan(service, null), Throws.TypeOf<ApiException>()
            .With.Property(nameof(ApiException.Code)).EqualTo(422)
            .And.Message.Contains("spec.ports[0].nodePort").And.Message.Contains("The range of valid ports is 30000-32767"));
    }

    [Test]
    public void An_update_keeps_held_ports_takes_new_ones_and_gives_back_those_no_longer_carried()
    {
        var old = Service("NodePort", """[{"port":80,"nodePort":30001},{"port":81,"nodePort":30002}]""");
        var updated = Service("NodePort", """[{"port":80,"nodePort":30001},{"port":82}]""");

        var (take, release) = ServiceNodePorts.Plan(updated, old);

        Assert.Multiple(() =>
        {
            Assert.That(NodePorts(updated)[0], Is.EqualTo(30001));
            Assert.That(take, Is.EqualTo(new[] { NodePorts(updated)[1]!.Value }));
            Assert.That(release, Is.EqualTo(new long[] { 30002 }));
        });
    }

    [Test]
    public void A_service_changed_to_ClusterIP_gives_back_all_its_node_ports()
    {
        var old = Service("NodePort", """[{"port":80,"nodePort":30001}]""");
        var updated = Service("ClusterIP", """[{"port":80}]""");

        var (take, release) = ServiceNodePorts.Plan(updated, old);

        Assert.That((take, release), Is.EqualTo(((IReadOnlyList<long>)[], (IReadOnlyList<long>)[30001])));
    }
}
