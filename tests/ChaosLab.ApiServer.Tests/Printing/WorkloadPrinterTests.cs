using ChaosLab.ApiServer.Printing;
using static ChaosLab.ApiServer.Tests.Printing.PrintingSamples;

namespace ChaosLab.ApiServer.Tests.Printing;

[Category("Unit")]
public sealed class WorkloadPrinterTests
{
    [Test]
    public void A_deployment_shows_ready_of_desired_up_to_date_available_and_its_template()
    {
        var deployment = Parse($$$"""
            {
              "metadata": {"name": "web", "namespace": "default", "creationTimestamp": "{{{Ago(TimeSpan.FromSeconds(192))}}}"},
              "spec": {
                "replicas": 3,
                "selector": {"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["front", "edge"]}]},
                "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}, {"name": "log", "image": "busybox"}]}}
              },
              "status": {"replicas": 3, "updatedReplicas": 3, "readyReplicas": 2, "availableReplicas": 2}
            }
            """);
        var printer = new DeploymentPrinter();

        Assert.That(printer.Columns.Select(c => c.Name),
            Is.EqualTo(new[] { "Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector" }));
        Assert.That(Values(printer.Cells(deployment, Now)), Is.EqualTo(new object[]
        {
            "web", "2/3", 3L, 2L, "3m12s", "nginx,log", "nginx:1.27,busybox", "app=web,tier in (edge,front)",
        }));
    }

    [Test]
    public void A_new_deployment_without_status_is_zero_of_desired() =>
        Assert.That(Values(new DeploymentPrinter().Cells(Parse("""{"metadata": {"name": "d"}, "spec": {"replicas": 2}}"""), Now))[1..4],
            Is.EqualTo(new object[] { "0/2", 0L, 0L }));

    [Test]
    public void A_replica_set_shows_desired_current_and_ready_counts() =>
        Assert.That(Values(new ReplicaSetPrinter().Cells(Parse("""
            {"metadata": {"name": "web-5d8f"}, "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}}},
             "status": {"replicas": 3, "readyReplicas": 1}}
            """), Now)), Is.EqualTo(new object[] { "web-5d8f", 3L, 3L, 1L, "<unknown>", "", "", "app=web" }));

    [Test]
    public void A_node_port_service_lists_every_port_with_its_node_port_and_protocol()
    {
        var service = Parse($$$"""
            {
              "metadata": {"name": "web", "creationTimestamp": "{{{Ago(TimeSpan.FromHours(3))}}}"},
              "spec": {
                "type": "NodePort", "clusterIP": "10.96.0.20", "clusterIPs": ["10.96.0.20"],
                "selector": {"tier": "front", "app": "web"},
                "ports": [{"name": "http", "port": 80, "protocol": "TCP", "nodePort": 30080},
                          {"name": "https", "port": 443, "protocol": "TCP", "nodePort": 30443},
                          {"name": "dns", "port": 53, "protocol": "UDP"}]
              }
            }
            """);
        var printer = new ServicePrinter();

        Assert.That(printer.Columns.Select(c => c.Name), Is.EqualTo(new[] { "Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector" }));
        Assert.That(Values(printer.Cells(service, Now)), Is.EqualTo(new object[]
        {
            "web", "NodePort", "10.96.0.20", "<none>", "80:30080/TCP,443:30443/TCP,53/UDP", "3h", "app=web,tier=front",
        }));
    }

    [Test]
    public void A_load_balancer_without_an_address_yet_is_pending() =>
        Assert.That(Values(new ServicePrinter().Cells(Parse("""
            {"metadata": {"name": "lb"}, "spec": {"type": "LoadBalancer", "clusterIPs": ["10.96.0.30"], "ports": [{"port": 80, "nodePort": 31000}]}}
            """), Now))[3..5], Is.EqualTo(new object[] { "<pending>", "80:31000/TCP" }));

    [Test]
    public void Endpoints_list_three_addresses_and_count_the_rest() =>
        Assert.That(Values(new EndpointsPrinter().Cells(Parse("""
            {"metadata": {"name": "web"}, "subsets": [{"addresses": [{"ip": "10.244.1.2"}, {"ip": "10.244.1.3"}, {"ip": "10.244.2.2"}, {"ip": "10.244.2.3"}],
                                                     "ports": [{"port": 8080, "protocol": "TCP"}]}]}
            """), Now))[1], Is.EqualTo("10.244.1.2:8080,10.244.1.3:8080,10.244.2.2:8080 + 1 more..."));

    [Test]
    public void An_event_names_its_object_as_kind_slash_name() =>
        Assert.That(Values(new EventPrinter().Cells(Parse($$$"""
            {"metadata": {"name": "web-1.17f"}, "type": "Warning", "reason": "BackOff", "message": "Back-off restarting failed container\n",
             "involvedObject": {"kind": "Pod", "name": "web-1", "fieldPath": "spec.containers{web}"},
             "source": {"component": "kubelet", "host": "worker-1"},
             "firstTimestamp": "{{{Ago(TimeSpan.FromMinutes(8))}}}", "lastTimestamp": "{{{Ago(TimeSpan.FromSeconds(30))}}}", "count": 4}
            """), Now)), Is.EqualTo(new object[]
        {
            "30s", "Warning", "BackOff", "pod/web-1", "spec.containers{web}", "kubelet, worker-1", "Back-off restarting failed container", "8m", 4L, "web-1.17f",
        }));
}
