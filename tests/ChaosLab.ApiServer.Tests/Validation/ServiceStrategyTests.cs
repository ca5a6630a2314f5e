using System.Text.Json.Nodes;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.Validation;

[TestFixture]
[Category("Unit")]
public sealed class ServiceStrategyTests
{
    [Test]
    public void Minimal_service_gets_upstream_defaults()
    {
        var service = Service();
        Strategy("Service").Default(service);
        var spec = service["spec"]!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)spec["type"], Is.EqualTo("ClusterIP"));
            Assert.That((string?)spec["sessionAffinity"], Is.EqualTo("None"));
            Assert.That((string?)spec["internalTrafficPolicy"], Is.EqualTo("Cluster"));
            Assert.That((string?)spec["ipFamilyPolicy"], Is.EqualTo("SingleStack"));
            Assert.That(spec["ipFamilies"]!.ToJsonString(), Is.EqualTo("""["IPv4"]"""));
            Assert.That(spec["ports"]![0]!.ToJsonString(), Is.EqualTo("""{"port":80,"protocol":"TCP","targetPort":80}"""));
            Assert.That(spec["externalTrafficPolicy"], Is.Null);
        }
    }

    [Test]
    public void NodePort_service_defaults_external_traffic_policy_to_Cluster()
    {
        var service = Service();
        service["spec"]!["type"] = "NodePort";
        Strategy("Service").Default(service);

        Assert.That((string?)service["spec"]!["externalTrafficPolicy"], Is.EqualTo("Cluster"));
    }

    [Test]
    public void Minimal_service_is_valid() => Assert.That(Describe(Create("Service", Service())), Is.Empty);

    [Test]
    public void Service_name_must_be_a_DNS_1035_label()
    {
        var service = Service();
        service["metadata"]!["name"] = "1web";

        Assert.That(Describe(Create("Service", service)), Does.StartWith("metadata.name: Invalid value: \"1web\": a DNS-1035 label"));
    }

    [Test]
    public void Ports_are_required_unless_the_service_is_headless()
    {
        var service = Service();
        service["spec"]!["ports"] = new JsonArray();
        var headless = Service();
        headless["spec"]!["ports"] = new JsonArray();
        headless["spec"]!["clusterIP"] = "None";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Describe(Create("Service", service)), Is.EqualTo("spec.ports: Required value"));
            Assert.That(Describe(Create("Service", headless)), Is.Empty);
        }
    }

    [Test]
    public void Port_zero_is_out_of_range()
    {
        var service = Service();
        service["spec"]!["ports"]![0]!["port"] = 0;
        service["spec"]!["ports"]![0]!["targetPort"] = 8080;

        Assert.That(Describe(Create("Service", service)), Is.EqualTo("spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"));
    }

    [Test]
    public void Several_ports_need_names_and_the_names_must_be_unique()
    {
        var service = Service();
        service["spec"]!["ports"] = Json("""{"p":[{"port":80,"name":"http"},{"port":81},{"port":82,"name":"http"}]}""")["p"]!.DeepClone();

        Assert.That(Describe(Create("Service", service)), Is.EqualTo(
            "spec.ports[1].name: Required value\n" +
            "spec.ports[2].name: Duplicate value: \"http\""));
    }

    [Test]
    public void Unknown_protocol_and_type_list_the_supported_values()
    {
        var service = Service();
        service["spec"]!["ports"]![0]!["protocol"] = "HTTP";
        service["spec"]!["type"] = "Internal";

        Assert.That(Describe(Create("Service", service)), Is.EqualTo(
            "spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"\n" +
            "spec.type: Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""));
    }

    [Test]
    public void Cluster_IP_must_be_an_IP_address()
    {
        var service = Service();
        service["spec"]!["clusterIP"] = "10.96.0.300";

        Assert.That(Describe(Create("Service", service)), Is.EqualTo(
            "spec.clusterIPs[0]: Invalid value: \"10.96.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
    }

    [Test]
    public void Cluster_IP_may_not_change_once_set()
    {
        var service = Service();
        service["spec"]!["clusterIP"] = "10.96.0.10";

        var causes = Update("Service", service, s =>
        {
            s["spec"]!["clusterIP"] = "10.96.0.11";
            s["spec"]!["clusterIPs"] = new JsonArray("10.96.0.11");
        });

        Assert.That(Describe(causes), Is.EqualTo("spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.11\"}: may not change once set"));
    }

    [Test]
    public void Update_without_cluster_IP_or_node_port_keeps_the_allocated_ones()
    {
        var strategy = Strategy("Service");
        var stored = Service();
        stored["spec"]!["type"] = "NodePort";
        stored["spec"]!["clusterIP"] = "10.96.0.10";
        stored["spec"]!["ports"]![0]!["nodePort"] = 30080;
        strategy.Default(stored);
        var applied = Service();
        applied["spec"]!["type"] = "NodePort";
        strategy.Default(applied);

        strategy.PrepareForUpdate(applied, stored);

        Assert.That((string?)applied["spec"]!["clusterIP"], Is.EqualTo("10.96.0.10"));
        Assert.That(applied["spec"]!["clusterIPs"]!.ToJsonString(), Is.EqualTo("""["10.96.0.10"]"""));
        Assert.That((int?)applied["spec"]!["ports"]![0]!["nodePort"], Is.EqualTo(30080));
        Assert.That(Describe(strategy.Validate(applied, stored)), Is.Empty);
    }

    [Test]
    public void A_type_change_to_ClusterIP_drops_the_node_ports_the_service_held_so_the_update_is_valid()
    {
        var strategy = Strategy("Service");
        var stored = Service();
        stored["spec"]!["type"] = "NodePort";
        stored["spec"]!["ports"]![0]!["nodePort"] = 30080;
        strategy.Default(stored);
        // A merge patch of the type alone: the ports still carry the node port.
        var patched = stored.DeepClone().AsObject();
        patched["spec"]!["type"] = "ClusterIP";

        strategy.PrepareForUpdate(patched, stored);

        Assert.That(patched["spec"]!["ports"]![0]!["nodePort"], Is.Null);
        Assert.That(Describe(strategy.Validate(patched, stored)), Is.Empty);
    }

    [Test]
    public void Node_port_on_a_ClusterIP_service_is_forbidden()
    {
        var service = Service();
        service["spec"]!["ports"]![0]!["nodePort"] = 30080;

        Assert.That(Describe(Create("Service", service)), Is.EqualTo("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"));
    }
}
