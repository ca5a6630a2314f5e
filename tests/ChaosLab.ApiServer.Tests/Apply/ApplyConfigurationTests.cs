using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Apply;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Tests.Apply;

[Category("Unit")]
public sealed class ApplyConfigurationTests
{
    private static ResourceType Deployments => ResourceCatalog.BuiltIn.Single(t => t.Kind == "Deployment");

    [Test]
    public void Another_api_version_is_refused_as_upstream_words_it()
    {
        var ex = Assert.Throws<ApiException>(() => ApplyConfiguration.Read(JsonNode.Parse("""{"apiVersion":"apps/v1beta1","kind":"Deployment"}"""), Deployments))!;

        Assert.That(ex.Message, Is.EqualTo("Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1"));
    }

    [Test]
    public void Managed_fields_in_the_configuration_are_refused()
    {
        var ex = Assert.Throws<ApiException>(() => ApplyConfiguration.Read(JsonNode.Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"managedFields":[]}}"""), Deployments))!;

        Assert.That((ex.Code, ex.Message), Is.EqualTo((400, "metadata.managedFields must be nil")));
    }

    [Test]
    public void The_main_endpoint_ignores_status_and_the_status_endpoint_everything_else()
    {
        var config = JsonNode.Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","labels":{"a":"b"}},"spec":{"replicas":1},"status":{"replicas":1}}""")!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(ApplyConfiguration.ForEndpoint(config, Deployments, null).ContainsKey("status"), Is.False);
            Assert.That(ApplyConfiguration.ForEndpoint(config, Deployments, "status").ToJsonString(GoJson.Options),
                Is.EqualTo("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"status":{"replicas":1}}"""));
        });
    }
}
