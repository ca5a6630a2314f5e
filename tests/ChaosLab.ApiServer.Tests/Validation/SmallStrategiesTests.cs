using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Validation;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.Validation;

[TestFixture]
[Category("Unit")]
public sealed class SmallStrategiesTests
{
    [Test]
    public void Every_catalog_kind_has_a_strategy_and_special_kinds_have_their_own()
    {
        var strategies = ResourceCatalog.All.ToDictionary(r => r.Kind, ResourceStrategies.For);

        Assert.That(strategies["Pod"], Is.InstanceOf<PodStrategy>());
        Assert.That(strategies["Deployment"], Is.InstanceOf<DeploymentStrategy>());
        Assert.That(strategies["Service"], Is.InstanceOf<ServiceStrategy>());
        Assert.That(strategies["Endpoints"].GetType(), Is.EqualTo(typeof(GenericStrategy)));
    }

    [Test]
    public void Namespace_gets_kubernetes_finalizer_phase_Active_and_name_label()
    {
        var ns = Json("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"lab"}}""");
        var causes = Create("Namespace", ns);

        Assert.That(causes, Is.Empty);
        Assert.That(ns["spec"]!.ToJsonString(), Is.EqualTo("""{"finalizers":["kubernetes"]}"""));
        Assert.That((string?)ns["status"]!["phase"], Is.EqualTo("Active"));
        Assert.That((string?)ns["metadata"]!["labels"]!["kubernetes.io/metadata.name"], Is.EqualTo("lab"));
    }

    [Test]
    public void Namespace_name_must_be_a_DNS_label()
    {
        var causes = Create("Namespace", Json("""{"metadata":{"name":"lab.one"}}"""));

        Assert.That(Describe(causes), Is.EqualTo("metadata.name: Invalid value: \"lab.one\": must not contain dots"));
    }

    [Test]
    public void Node_pod_CIDR_may_be_assigned_once_but_not_changed()
    {
        var node = Json("""{"metadata":{"name":"worker-1"},"spec":{}}""");
        var assigned = Json("""{"metadata":{"name":"worker-1"},"spec":{"podCIDR":"10.244.1.0/24"}}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Update("Node", node, n => n["spec"]!["podCIDR"] = "10.244.1.0/24"), Is.Empty);
            Assert.That(Describe(Update("Node", assigned, n =>
            {
                n["spec"]!["podCIDR"] = "10.244.2.0/24";
                n["spec"]!["podCIDRs"] = new JsonArray("10.244.2.0/24");
            })), Is.EqualTo("spec.podCIDRs: Forbidden: may not change once set"));
        }
    }

    [Test]
    public void Node_pod_CIDR_must_be_a_CIDR()
    {
        var causes = Create("Node", Json("""{"metadata":{"name":"worker-1"},"spec":{"podCIDR":"10.244.1.0"}}"""));

        Assert.That(Describe(causes), Is.EqualTo("spec.podCIDRs[0]: Invalid value: \"10.244.1.0\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
    }

    [Test]
    public void ConfigMap_key_with_a_slash_is_invalid()
    {
        var causes = Create("ConfigMap", Json("""{"metadata":{"name":"cfg","namespace":"default"},"data":{"a/b":"x"}}"""));

        Assert.That(Describe(causes), Does.StartWith("data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.'"));
    }

    [Test]
    public void ConfigMap_over_1_MiB_is_too_long()
    {
        var cm = Json("""{"metadata":{"name":"cfg","namespace":"default"}}""");
        cm["data"] = new JsonObject { ["big"] = new string('x', 1024 * 1024 + 1) };

        Assert.That(Describe(Create("ConfigMap", cm)), Is.EqualTo(": Too long: may not be more than 1048576 bytes"));
    }

    [Test]
    public void Immutable_ConfigMap_data_may_not_change()
    {
        var cm = Json("""{"metadata":{"name":"cfg","namespace":"default"},"immutable":true,"data":{"a":"1"}}""");

        var causes = Update("ConfigMap", cm, c => c["data"]!["a"] = "2");

        Assert.That(Describe(causes), Is.EqualTo("data: Forbidden: field is immutable when `immutable` is set"));
    }

    [Test]
    public void Secret_defaults_to_Opaque_and_folds_stringData_into_data()
    {
        var secret = Json("""{"metadata":{"name":"s","namespace":"default"},"data":{"a":"eA=="},"stringData":{"b":"hi"}}""");
        var causes = Create("Secret", secret);

        Assert.That(causes, Is.Empty);
        Assert.That((string?)secret["type"], Is.EqualTo("Opaque"));
        Assert.That(secret["data"]!.ToJsonString(), Is.EqualTo("""{"a":"eA==","b":"aGk="}"""));
        Assert.That(secret["stringData"], Is.Null);
    }

    [Test]
    public void Secret_data_must_be_base64_and_hides_the_value()
    {
        var causes = Create("Secret", Json("""{"metadata":{"name":"s","namespace":"default"},"data":{"pw":"not base64!"}}"""));

        Assert.That(Describe(causes), Is.EqualTo("data[pw]: Invalid value: \"<value omitted>\": illegal base64 data"));
    }

    [Test]
    public void TLS_secret_requires_certificate_and_key()
    {
        var causes = Create("Secret", Json("""{"metadata":{"name":"s","namespace":"default"},"type":"kubernetes.io/tls","data":{"tls.crt":"eA=="}}"""));

        Assert.That(Describe(causes), Is.EqualTo("data[tls.key]: Required value"));
    }

    [Test]
    public void Secret_type_is_immutable()
    {
        var causes = Update("Secret", Json("""{"metadata":{"name":"s","namespace":"default"}}"""), s => s["type"] = "kubernetes.io/basic-auth");

        Assert.That(Describe(causes), Is.EqualTo("type: Invalid value: \"kubernetes.io/basic-auth\": field is immutable"));
    }

    [Test]
    public void Lease_duration_must_be_positive()
    {
        var causes = Create("Lease", Json("""{"metadata":{"name":"l","namespace":"kube-system"},"spec":{"leaseDurationSeconds":0}}"""));

        Assert.That(Describe(causes), Is.EqualTo("spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"));
    }

    [Test]
    public void EndpointSlice_address_type_is_required_and_supported()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Describe(Create("EndpointSlice", Json("""{"metadata":{"name":"e","namespace":"default"}}"""))),
                Is.EqualTo("addressType: Required value"));
            Assert.That(Describe(Create("EndpointSlice", Json("""{"metadata":{"name":"e","namespace":"default"},"addressType":"IPX"}"""))),
                Is.EqualTo("addressType: Unsupported value: \"IPX\": supported values: \"FQDN\", \"IPv4\", \"IPv6\""));
        }
    }

    [Test]
    public void Generic_kinds_check_only_metadata()
    {
        var causes = Create("ServiceAccount", Json("""{"metadata":{"name":"Builder","namespace":"default"},"anything":1}"""));

        Assert.That(causes.Single().Field, Is.EqualTo("metadata.name"));
    }
}
