using System.Net;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Proxy;

namespace ChaosLab.ApiServer.Tests.Proxy;

[Category("Unit")]
public sealed class ProxyLocationTests
{
    private static JsonObject Pod(string? ip, string ports = """[{"containerPort":8080},{"containerPort":9090}]""") => JsonNode.Parse(
        """{"metadata":{"name":"web"},"spec":{"nodeName":"worker-2","containers":[{"name":"side"},{"name":"web","ports":""" + ports + "}]},"
        + "\"status\":" + (ip is null ? "{}" : "{\"podIP\":\"" + ip + "\"}") + "}")!.AsObject();

    private static JsonObject Node(int port = 10250) => JsonNode.Parse(
        """{"status":{"addresses":[{"type":"InternalIP","address":"172.30.1.14"}],"daemonEndpoints":{"kubeletEndpoint":{"Port":"""
        + port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}}}")!.AsObject();

    [Test]
    public void A_pod_without_a_port_is_reached_on_the_first_port_its_containers_declare()
    {
        var location = PodProxyLocation.Locate(Pod("10.244.2.7"), ProxyTarget.TryParse("web")!, "web");

        Assert.That(location, Is.EqualTo(new ProxyLocation("http", "10.244.2.7", 8080, PodNode: "worker-2")));
        Assert.That(location.Uri("/healthz", "?a=1").ToString(), Is.EqualTo("http://10.244.2.7:8080/healthz?a=1"));
    }

    [Test]
    public void A_pod_with_a_scheme_and_port_is_reached_there_and_one_declaring_none_on_the_schemes_port()
    {
        Assert.That(PodProxyLocation.Locate(Pod("10.244.2.7"), ProxyTarget.TryParse("https:web:9443")!, "https:web:9443"),
            Is.EqualTo(new ProxyLocation("https", "10.244.2.7", 9443, PodNode: "worker-2")));
        Assert.That(PodProxyLocation.Locate(Pod("10.244.2.7", "[]"), ProxyTarget.TryParse("web")!, "web").Port, Is.EqualTo(80));
    }

    [TestCase(null)]
    [TestCase("127.0.0.1")]
    [TestCase("169.254.1.1")]
    [TestCase("0.0.0.0")]
    [TestCase("224.0.0.1")]
    public void A_pod_without_a_global_unicast_address_is_400(string? ip)
    {
        var error = Assert.Throws<ApiException>(() => PodProxyLocation.Locate(Pod(ip), ProxyTarget.TryParse("web:80")!, "web:80"))!;

        Assert.That((error.Code, error.Message), Is.EqualTo((400, "address not allowed")));
    }

    [Test]
    public void A_pod_port_that_is_not_a_number_is_400()
    {
        var error = Assert.Throws<ApiException>(() => PodProxyLocation.Locate(Pod("10.244.2.7"), ProxyTarget.TryParse("web:http")!, "web:http"))!;

        Assert.That((error.Code, error.Reason), Is.EqualTo((400, "BadRequest")));
    }

    [TestCase("10.244.0.1", true)]
    [TestCase("172.30.1.14", true)]
    [TestCase("255.255.255.255", false)]
    [TestCase("fd00::5", true)]
    [TestCase("::1", false)]
    [TestCase("fe80::1", false)]
    public void Global_unicast_is_as_Gos(string ip, bool global) =>
        Assert.That(PodProxyLocation.IsGlobalUnicast(IPAddress.Parse(ip)), Is.EqualTo(global));

    [TestCase("worker-1", "https", 10250, true)]
    [TestCase("worker-1:10250", "https", 10250, true)]
    [TestCase("worker-1:9100", "http", 9100, false)]
    [TestCase("https:worker-1:9443", "https", 9443, false)]
    public void A_node_is_its_kubelet_unless_another_port_is_named(string id, string scheme, int port, bool kubelet) =>
        Assert.That(NodeProxyLocation.Locate(Node(), ProxyTarget.TryParse(id)!, id), Is.EqualTo(new ProxyLocation(scheme, "172.30.1.14", port, kubelet)));

    [Test]
    public void A_node_port_that_is_not_a_number_is_400()
    {
        var error = Assert.Throws<ApiException>(() => NodeProxyLocation.Locate(Node(), ProxyTarget.TryParse("worker-1:abc")!, "worker-1:abc"))!;

        Assert.That(error.Code, Is.EqualTo(400));
    }

    [Test]
    public void A_service_port_number_names_the_service_port()
    {
        var service = JsonNode.Parse("""{"spec":{"ports":[{"name":"http","port":80},{"port":8443}]}}""")!.AsObject();

        Assert.That((ServiceProxyLocation.PortName(service, 80), ServiceProxyLocation.PortName(service, 8443), ServiceProxyLocation.PortName(service, 81)),
            Is.EqualTo(("http", "", (string?)null)));
    }

    [Test]
    public void Service_candidates_are_the_ready_addresses_of_subsets_with_the_named_port()
    {
        var endpoints = JsonNode.Parse("""
            {"subsets":[
              {"addresses":[{"ip":"10.244.1.5","targetRef":{"kind":"Pod","namespace":"a","name":"web-1"}},
                            {"ip":"10.244.2.6","targetRef":{"kind":"Pod","namespace":"a","name":"web-2"}}],
               "notReadyAddresses":[{"ip":"10.244.3.9","targetRef":{"kind":"Pod","namespace":"a","name":"web-3"}}],
               "ports":[{"name":"http","port":8080},{"name":"metrics","port":9090}]},
              {"notReadyAddresses":[{"ip":"10.244.3.10"}],"ports":[{"name":"http","port":8080}]},
              {"addresses":[{"ip":"192.0.2.1"},{"ip":"10.244.4.4","targetRef":{"kind":"Pod","namespace":"other","name":"x"}}],"ports":[{"name":"http","port":80}]}]}
            """)!.AsObject();

        var http = ServiceProxyLocation.Candidates(endpoints, "http", "a", new Random(1)).ToList();
        var metrics = ServiceProxyLocation.Candidates(endpoints, "metrics", "a", new Random(1)).ToList();

        Assert.That(http, Is.EquivalentTo(new (string, int, string?)[]
        {
            ("10.244.1.5", 8080, "web-1"), ("10.244.2.6", 8080, "web-2"), ("192.0.2.1", 80, null), ("10.244.4.4", 80, null),
        }));
        Assert.That(metrics, Is.EquivalentTo(new (string, int, string?)[] { ("10.244.1.5", 9090, "web-1"), ("10.244.2.6", 9090, "web-2") }));
        Assert.That(ServiceProxyLocation.Candidates(endpoints, "", "a", new Random(1)), Is.Empty);
        Assert.That(ServiceProxyLocation.Candidates(JsonNode.Parse("{}")!.AsObject(), "", "a", new Random(1)), Is.Empty);
    }

    [Test]
    public void Service_candidates_start_at_a_random_address()
    {
        var endpoints = JsonNode.Parse("""
            {"subsets":[{"addresses":[{"ip":"10.244.1.1"},{"ip":"10.244.1.2"},{"ip":"10.244.1.3"}],"ports":[{"port":80}]}]}
            """)!.AsObject();

        var firsts = Enumerable.Range(0, 40).Select(seed => ServiceProxyLocation.Candidates(endpoints, "", null, new Random(seed)).First().Ip).ToHashSet();

        Assert.That(firsts, Is.EquivalentTo(new[] { "10.244.1.1", "10.244.1.2", "10.244.1.3" }));
    }

    [TestCase("", false, "")]
    [TestCase("", true, "/")]
    [TestCase("healthz", false, "/healthz")]
    [TestCase("a/b", true, "/a/b/")]
    public void The_backend_path_keeps_a_trailing_slash(string proxyPath, bool trailing, string backendPath) =>
        Assert.That(ProxyHandler.BackendPath(proxyPath, trailing), Is.EqualTo(backendPath));

    [TestCase("GET", "get")]
    [TestCase("HEAD", "get")]
    [TestCase("POST", "create")]
    [TestCase("PUT", "update")]
    [TestCase("PATCH", "patch")]
    [TestCase("DELETE", "delete")]
    [TestCase("OPTIONS", "")]
    public void Proxy_requests_are_authorized_by_the_verb_of_their_method(string method, string verb)
    {
        var request = ResourceRequest.Parse("v1", "namespaces/a/pods/web/proxy/x".Split('/'))!;

        Assert.That(ResourceHandler.Verb(method, request, new Microsoft.AspNetCore.Http.QueryCollection()), Is.EqualTo(verb));
    }
}
