using System.Text.Json.Nodes;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.Validation;

[TestFixture]
[Category("Unit")]
public sealed class NetworkingStrategiesTests
{
    private static JsonObject Ingress(string rules) => Json($$"""
        {"metadata":{"name":"web","namespace":"default"},"spec":{"rules":{{rules}} } }
        """);

    [Test]
    public void An_ingress_as_kubectl_create_ingress_writes_it_is_valid() =>
        Assert.That(Describe(Create("Ingress", Ingress("""
            [{"host":"example.com","http":{"paths":[{"path":"/","pathType":"Exact","backend":{"service":{"name":"web","port":{"number":80}}}}]}},
             {"host":"*.example.com","http":{"paths":[{"path":"/api","pathType":"Prefix","backend":{"service":{"name":"api","port":{"name":"http"}}}}]}}]
            """))), Is.Empty);

    [Test]
    public void An_ingress_needs_rules_or_a_default_backend() =>
        Assert.That(Describe(Create("Ingress", Json("""{"metadata":{"name":"web","namespace":"default"},"spec":{}}"""))),
            Is.EqualTo("spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified"));

    [Test]
    public void Each_path_needs_a_path_type_a_clean_absolute_path_and_a_backend()
    {
        var causes = Create("Ingress", Ingress("""
            [{"host":"10.0.0.1","http":{"paths":[
              {"path":"/","backend":{"service":{"name":"web","port":{"number":80}}}},
              {"path":"api","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}},
              {"path":"/a/../b","pathType":"Exact","backend":{"service":{"name":"web","port":{"number":80}}}},
              {"path":"/","pathType":"Regex","backend":{"service":{"name":"web","port":{"number":80}}}},
              {"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{}}}},
              {"path":"/","pathType":"Prefix","backend":{}},
              {"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":70000}}}}]}},
             {"host":"x","http":{"paths":[]}}]
            """));

        Assert.That(Describe(causes), Is.EqualTo(string.Join("\n",
            "spec.rules[0].host: Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address",
            "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
            "spec.rules[0].http.paths[1].path: Invalid value: \"api\": must be an absolute path",
            "spec.rules[0].http.paths[2].path: Invalid value: \"/a/../b\": must not contain '/../'",
            "spec.rules[0].http.paths[3].pathType: Unsupported value: \"Regex\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"",
            "spec.rules[0].http.paths[4].backend: Required value: port name or number is required",
            "spec.rules[0].http.paths[5].backend: Invalid value: \"\": resource or service backend is required",
            "spec.rules[0].http.paths[6].backend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive",
            "spec.rules[1].http.paths: Required value")));
    }

    [Test]
    public void An_ingress_class_needs_a_domain_prefixed_controller_that_never_changes()
    {
        var ingressClass = Json("""{"metadata":{"name":"nginx"},"spec":{"controller":"k8s.io/ingress-nginx"}}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Create("IngressClass", ingressClass.DeepClone().AsObject()), Is.Empty);
            Assert.That(Describe(Create("IngressClass", Json("""{"metadata":{"name":"x"},"spec":{}}"""))), Is.EqualTo("spec.controller: Required value"));
            Assert.That(Describe(Create("IngressClass", Json("""{"metadata":{"name":"x"},"spec":{"controller":"nginx"}}"""))),
                Is.EqualTo("spec.controller: Invalid value: \"nginx\": must be a domain-prefixed path (such as \"acme.io/foo\")"));
            Assert.That(Describe(Update("IngressClass", ingressClass, c => c["spec"]!["controller"] = "example.com/other")),
                Is.EqualTo("spec.controller: Invalid value: \"example.com/other\": field is immutable"));
        }
    }

    [Test]
    public void A_network_policy_gets_policy_types_and_tcp_and_its_ports_are_checked()
    {
        var policy = Json("""
            {"metadata":{"name":"db","namespace":"default"},
             "spec":{"podSelector":{"matchLabels":{"app":"db"}},"egress":[{"ports":[{"port":53,"protocol":"UDP"},{"port":5432}]}]}}
            """);
        var causes = Create("NetworkPolicy", policy);
        var bad = Create("NetworkPolicy", Json("""
            {"metadata":{"name":"bad","namespace":"default"},
             "spec":{"podSelector":{},"policyTypes":["Ingress","Sideways"],
                     "ingress":[{"ports":[{"port":"http","endPort":90},{"port":100,"endPort":90,"protocol":"ICMP"}]}]}}
            """));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(causes, Is.Empty);
            Assert.That(policy["spec"]!["policyTypes"]!.ToJsonString(), Is.EqualTo("""["Ingress","Egress"]"""));
            Assert.That((string?)policy["spec"]!["egress"]![0]!["ports"]![1]!["protocol"], Is.EqualTo("TCP"));
            Assert.That(Describe(bad), Is.EqualTo(string.Join("\n",
                "spec.policyTypes[1]: Unsupported value: \"Sideways\": supported values: \"Ingress\", \"Egress\"",
                "spec.ingress[0].ports[0].endPort: Forbidden: may not be specified when `port` is non-numeric",
                "spec.ingress[0].ports[1].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.ingress[0].ports[1].endPort: Invalid value: 90: must be greater than or equal to `port`")));
        }
    }
}
