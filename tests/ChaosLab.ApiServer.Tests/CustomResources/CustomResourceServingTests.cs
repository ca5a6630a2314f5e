using System.Text.Json.Nodes;
using ChaosLab.ApiServer.CustomResources;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Printing;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;
using static ChaosLab.ApiServer.Tests.CustomResources.CrdFixtures;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.CustomResources;

[TestFixture]
[Category("Unit")]
public sealed class CustomResourceServingTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static ResourceType CronTabV1()
    {
        var crd = CronTabs();
        crd["status"] = DefinitionStatus.Desired(crd, [crd], Now);
        return CustomResourceTypes.Of(crd)[0];
    }

    private static JsonObject Tab() => Json("""
        {"apiVersion":"stable.example.com/v1","kind":"CronTab","metadata":{"name":"t","namespace":"default","creationTimestamp":"2026-01-02T03:00:05Z"},
         "spec":{"cronSpec":"* * * * */5","replicas":2},"status":{"replicas":1,"selector":"app=t"}}
        """);

    [Test]
    public void Table_has_Name_then_the_printer_columns_with_dates_as_ages()
    {
        var table = TableBuilder.Build(CronTabV1(), [Tab()], "7", true, IncludeObject.None, Now);

        var columns = table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]);
        Assert.That(columns, Is.EqualTo(new[] { "Name", "Spec", "Replicas", "Age" }));
        Assert.That(table["rows"]![0]!["cells"]!.ToJsonString(), Is.EqualTo("""["t","* * * * */5",2,"4m"]"""));
    }

    [Test]
    public void Without_printer_columns_the_table_is_Name_and_Age()
    {
        var printer = new CustomResourcePrinter([]);

        Assert.That(printer.Columns.Select(c => c.Name), Is.EqualTo(new[] { "Name", "Age" }));
    }

    [Test]
    public void Scale_reads_and_writes_the_CRD_paths()
    {
        var paths = CronTabV1().Custom!.Scale!;
        var scale = CustomResourceScale.From(Tab(), paths);

        Assert.That(scale["spec"]!.ToJsonString(), Is.EqualTo("""{"replicas":2}"""));
        Assert.That(scale["status"]!.ToJsonString(), Is.EqualTo("""{"replicas":1,"selector":"app=t"}"""));
        var scaled = CustomResourceScale.ApplyTo(Tab(), Json("""{"spec":{"replicas":5}}"""), paths);
        Assert.That((long?)scaled["spec"]!["replicas"], Is.EqualTo(5));
        Assert.Throws<ApiException>(() => CustomResourceScale.ApplyTo(Tab(), Json("""{"spec":{"replicas":-1}}"""), paths));
    }

    [Test]
    public void Decoding_prunes_and_defaults_and_strict_decoding_names_unknown_fields()
    {
        var type = CronTabV1();
        var body = Json("""{"apiVersion":"stable.example.com/v1","kind":"CronTab","metadata":{"name":"t","bogusMeta":1},"spec":{"cronSpec":"x","extra":true}}""");

        var canonical = CustomObjectCodec.Canonicalize(body, type, strict: false);
        Assert.That(canonical["spec"]!.ToJsonString(), Is.EqualTo("""{"cronSpec":"x"}"""));
        Assert.That(canonical["metadata"]!.ToJsonString(), Is.EqualTo("""{"name":"t"}"""));
        var strict = Assert.Throws<ApiException>(() => CustomObjectCodec.Canonicalize(body, type, strict: true))!;
        Assert.That(strict.Message, Is.EqualTo("CronTab in version \"v1\" cannot be handled as a CronTab: strict decoding error: unknown field \"spec.extra\""));
    }

    [Test]
    public void Invalid_custom_objects_fail_validation_with_field_causes()
    {
        var type = CronTabV1();
        var strategy = ChaosLab.ApiServer.Validation.ResourceStrategies.For(type);
        var tab = Tab();
        tab["spec"]!["replicas"] = "two";

        Assert.That(strategy, Is.InstanceOf<CustomResourceStrategy>());
        Assert.That(Describe(strategy.Validate(tab, null)),
            Is.EqualTo("spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\""));
    }

    [Test]
    public void OpenApi_v3_publishes_the_schema_with_its_kind_and_no_strategic_merge_patch()
    {
        var doc = ChaosLab.ApiServer.OpenApi.OpenApiDocuments.ForGroupVersion("stable.example.com/v1", [CronTabV1()]);

        var schema = doc["components"]!["schemas"]!["com.example.stable.v1.CronTab"]!;
        Assert.That(schema["properties"]!["spec"]!["properties"]!["cronSpec"]!["type"]!.GetValue<string>(), Is.EqualTo("string"));
        Assert.That(schema["x-kubernetes-group-version-kind"]![0]!["kind"]!.GetValue<string>(), Is.EqualTo("CronTab"));
        var patch = doc["paths"]!["/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}"]!["patch"]!;
        Assert.That(patch["requestBody"]!["content"]!.AsObject().Select(c => c.Key), Does.Not.Contain("application/strategic-merge-patch+json"));
        Assert.That(doc["paths"]!.AsObject().Select(p => p.Key), Does.Contain("/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}/status"));
    }

    [Test]
    public void Printer_column_paths_read_nested_members_and_indexes()
    {
        var obj = Json("""{"status":{"conditions":[{"type":"Ready"}]},"metadata":{"labels":{"app":"x"}}}""");

        Assert.That(PrinterColumnPath.IsValid(".status.conditions[0].type"), Is.True);
        Assert.That(PrinterColumnPath.IsValid("status"), Is.False);
        Assert.That((string?)PrinterColumnPath.Read(obj, ".status.conditions[0].type"), Is.EqualTo("Ready"));
        Assert.That(PrinterColumnPath.Read(obj, ".status.conditions[3].type"), Is.Null);
        Assert.That((string?)PrinterColumnPath.Read(obj, ".metadata.labels.app"), Is.EqualTo("x"));
    }
}
