using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Security;

namespace ChaosLab.ApiServer.Tests.Security;

[Category("Unit")]
public sealed class PodReferencesTests
{
    private static JsonObject Pod(string spec) => JsonNode.Parse($$$"""{"metadata":{"name":"web","namespace":"shop"},"spec":{{{spec}}}}""")!.AsObject();

    [TestCase("secrets", "pull", """{"imagePullSecrets":[{"name":"pull"}]}""")]
    [TestCase("secrets", "certs", """{"volumes":[{"name":"v","secret":{"secretName":"certs"}}]}""")]
    [TestCase("secrets", "token", """{"volumes":[{"name":"v","projected":{"sources":[{"secret":{"name":"token"}}]}}]}""")]
    [TestCase("secrets", "db", """{"containers":[{"name":"c","env":[{"name":"P","valueFrom":{"secretKeyRef":{"name":"db","key":"p"}}}]}]}""")]
    [TestCase("secrets", "init", """{"initContainers":[{"name":"c","env":[{"name":"P","valueFrom":{"secretKeyRef":{"name":"init","key":"p"}}}]}]}""")]
    [TestCase("secrets", "debug", """{"ephemeralContainers":[{"name":"c","envFrom":[{"secretRef":{"name":"debug"}}]}]}""")]
    [TestCase("secrets", "all", """{"containers":[{"name":"c","envFrom":[{"secretRef":{"name":"all"}}]}]}""")]
    [TestCase("configmaps", "conf", """{"volumes":[{"name":"v","configMap":{"name":"conf"}}]}""")]
    [TestCase("configmaps", "ca", """{"volumes":[{"name":"v","projected":{"sources":[{"configMap":{"name":"ca"}}]}}]}""")]
    [TestCase("configmaps", "flags", """{"containers":[{"name":"c","env":[{"name":"F","valueFrom":{"configMapKeyRef":{"name":"flags","key":"f"}}}]}]}""")]
    [TestCase("configmaps", "env", """{"initContainers":[{"name":"c","envFrom":[{"configMapRef":{"name":"env"}}]}]}""")]
    [TestCase("persistentvolumeclaims", "data", """{"volumes":[{"name":"v","persistentVolumeClaim":{"claimName":"data"}}]}""")]
    [TestCase("serviceaccounts", "robot", """{"serviceAccountName":"robot"}""")]
    public void Each_kind_of_reference_is_found(string resource, string name, string spec)
    {
        var references = PodReferences.Of(Pod(spec));

        Assert.That(references.Includes(resource, name), Is.True);
        Assert.That(references.Includes(resource, "other"), Is.False);
    }

    [Test]
    public void A_name_counts_only_for_the_resource_it_is_referenced_as()
    {
        var references = PodReferences.Of(Pod("""{"volumes":[{"name":"v","secret":{"secretName":"shared"}}]}"""));

        Assert.That(references.Includes("configmaps", "shared"), Is.False);
        Assert.That(references.Includes("pods", "shared"), Is.False);
    }

    [Test]
    public void A_pod_without_references_or_spec_names_nothing()
    {
        var bare = PodReferences.Of(Pod("""{"containers":[{"name":"c","image":"i","env":[{"name":"A","value":"b"}]}]}"""));
        var specless = PodReferences.Of(JsonNode.Parse("""{"metadata":{"name":"x"}}""")!.AsObject());

        Assert.That(new[] { bare, specless }.SelectMany(r => r.Secrets.Concat(r.ConfigMaps).Concat(r.PersistentVolumeClaims).Concat(r.ServiceAccounts)), Is.Empty);
    }
}
