using ChaosLab.ApiServer.CustomResources;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Validation;
using static ChaosLab.ApiServer.Tests.CustomResources.CrdFixtures;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.CustomResources;

[TestFixture]
[Category("Unit")]
public sealed class CustomResourceDefinitionValidationTests
{
    private static readonly IResourceStrategy Strategy =
        ResourceStrategies.For(ResourceCatalog.Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")!);

    private static string Create(System.Text.Json.Nodes.JsonObject crd)
    {
        Strategy.Default(crd);
        return Describe(Strategy.Validate(crd, null));
    }

    [Test]
    public void The_catalog_serves_CRDs_cluster_scoped_with_short_names_and_their_own_strategy()
    {
        var crds = ResourceCatalog.Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")!;

        Assert.That(crds.Namespaced, Is.False);
        Assert.That(crds.ShortNames, Is.EqualTo(new[] { "crd", "crds" }));
        Assert.That(Strategy, Is.InstanceOf<CustomResourceDefinitionStrategy>());
    }

    [Test]
    public void A_valid_CRD_passes_and_gets_singular_and_listKind()
    {
        var crd = CronTabs();
        crd["spec"]!["names"]!.AsObject().Remove("singular");

        Assert.That(Create(crd), Is.Empty);
        Assert.That((string?)crd["spec"]!["names"]!["singular"], Is.EqualTo("crontab"));
        Assert.That((string?)crd["spec"]!["names"]!["listKind"], Is.EqualTo("CronTabList"));
        Assert.That((string?)crd["spec"]!["conversion"]!["strategy"], Is.EqualTo("None"));
    }

    [Test]
    public void Name_must_be_plural_dot_group_and_group_a_domain()
    {
        var crd = CronTabs();
        crd["metadata"]!["name"] = "crontabs";
        Assert.That(Create(crd), Is.EqualTo("metadata.name: Invalid value: \"crontabs\": must be spec.names.plural+\".\"+spec.group"));

        crd = CronTabs();
        crd["metadata"]!["name"] = "crontabs.example";
        crd["spec"]!["group"] = "example";
        Assert.That(Create(crd), Is.EqualTo("spec.group: Invalid value: \"example\": should be a domain with at least one dot"));
    }

    [Test]
    public void Scope_and_names_are_checked()
    {
        var crd = CronTabs();
        crd["spec"]!["scope"] = "Global";
        crd["spec"]!["names"]!["shortNames"] = new System.Text.Json.Nodes.JsonArray("C_T");
        var causes = Create(crd);

        Assert.That(causes, Does.Contain("spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\""));
        Assert.That(causes, Does.Contain("spec.names.shortNames[0]: Invalid value: \"C_T\""));
    }

    [Test]
    public void Exactly_one_storage_version_unique_names_and_a_structural_schema()
    {
        var crd = CronTabs();
        crd["spec"]!["versions"]![0]!["storage"] = true;
        crd["spec"]!["versions"]![0]!["name"] = "v1";
        crd["spec"]!["versions"]![1]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!.AsObject().Remove("type");
        var causes = Create(crd);

        Assert.That(causes, Does.Contain("must have exactly one version marked as storage version"));
        Assert.That(causes, Does.Contain("spec.versions[1].name: Invalid value: \"v1\": must be unique"));
        Assert.That(causes, Does.Contain("spec.versions[1].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields"));
    }

    [Test]
    public void Schemas_are_required_and_scale_paths_must_point_into_spec_and_status()
    {
        var crd = CronTabs();
        crd["spec"]!["versions"]![0]!.AsObject().Remove("schema");
        crd["spec"]!["versions"]![1]!["subresources"]!["scale"]!["specReplicasPath"] = ".status.replicas";
        crd["spec"]!["versions"]![1]!["additionalPrinterColumns"]![0]!["type"] = "text";
        var causes = Create(crd);

        Assert.That(causes, Does.Contain("spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required"));
        Assert.That(causes, Does.Contain("spec.versions[1].subresources.scale.specReplicasPath: Invalid value: \".status.replicas\": should be a json path under .spec"));
        Assert.That(causes, Does.Contain("spec.versions[1].additionalPrinterColumns[0].type: Unsupported value: \"text\""));
    }

    [Test]
    public void Scope_cannot_change()
    {
        var old = CronTabs();
        Strategy.Default(old);
        var updated = CronTabs();
        updated["spec"]!["scope"] = "Cluster";
        Strategy.Default(updated);

        Assert.That(Describe(Strategy.Validate(updated, old)), Does.Contain("spec.scope: Invalid value: \"Cluster\": field is immutable"));
    }
}
