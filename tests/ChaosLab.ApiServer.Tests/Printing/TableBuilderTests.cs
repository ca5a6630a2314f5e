using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Printing;
using ChaosLab.ApiServer.Resources;
using static ChaosLab.ApiServer.Tests.Printing.PrintingSamples;

namespace ChaosLab.ApiServer.Tests.Printing;

[Category("Unit")]
public sealed class TableBuilderTests
{
    private static readonly ResourceType Pods = ResourceCatalog.Find("", "v1", "pods")!;

    private static JsonObject Pod(string name) => Parse($$$"""
        {"kind": "Pod", "apiVersion": "v1",
         "metadata": {"name": "{{{name}}}", "namespace": "team-a", "uid": "u-{{{name}}}", "creationTimestamp": "{{{Ago(TimeSpan.FromSeconds(45))}}}"},
         "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Pending"}}
        """);

    [Test]
    public void A_table_carries_kind_list_metadata_column_definitions_and_one_row_per_object()
    {
        var table = TableBuilder.Build(Pods, [Pod("a"), Pod("b")], "42", includeColumnDefinitions: true, IncludeObject.Metadata, Now, "next-page");

        Assert.That(table["kind"]!.GetValue<string>(), Is.EqualTo("Table"));
        Assert.That(table["apiVersion"]!.GetValue<string>(), Is.EqualTo("meta.k8s.io/v1"));
        Assert.That(table["metadata"]!.ToJsonString(), Is.EqualTo("""{"resourceVersion":"42","continue":"next-page"}"""));
        Assert.That(table["columnDefinitions"]![0]!.ToJsonString(), Does.StartWith("""{"name":"Name","type":"string","format":"name","description":"""));
        Assert.That(table["columnDefinitions"]!.AsArray(), Has.Count.EqualTo(9));
        Assert.That(table["rows"]!.AsArray().Select(r => r!["cells"]![0]!.GetValue<string>()), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void By_default_each_row_carries_partial_object_metadata_with_the_namespace()
    {
        var row = TableBuilder.Build(Pods, [Pod("a")], "7", true, IncludeObject.Metadata, Now)["rows"]![0]!;

        Assert.That(row["object"]!["kind"]!.GetValue<string>(), Is.EqualTo("PartialObjectMetadata"));
        Assert.That(row["object"]!["apiVersion"]!.GetValue<string>(), Is.EqualTo("meta.k8s.io/v1"));
        Assert.That(row["object"]!["metadata"]!["namespace"]!.GetValue<string>(), Is.EqualTo("team-a"));
        Assert.That(row["object"]!.AsObject().ContainsKey("spec"), Is.False);
    }

    [Test]
    public void Include_object_returns_the_whole_object_and_none_returns_no_object()
    {
        var whole = TableBuilder.Build(Pods, [Pod("a")], "7", true, IncludeObject.Object, Now)["rows"]![0]!["object"]!;
        var none = TableBuilder.Build(Pods, [Pod("a")], "7", true, IncludeObject.None, Now)["rows"]![0]!["object"];

        Assert.That(whole["spec"], Is.Not.Null);
        Assert.That(none, Is.Null);
    }

    [Test]
    public void Later_watch_events_omit_the_column_definitions() =>
        Assert.That(TableBuilder.Build(Pods, [Pod("a")], null, false, IncludeObject.Metadata, Now)["columnDefinitions"]!.AsArray(), Is.Empty);

    [Test]
    public void Kinds_without_a_printer_get_name_and_age()
    {
        var configMaps = ResourceCatalog.Find("", "v1", "configmaps")!;
        var table = TableBuilder.Build(configMaps, [Parse("""{"metadata": {"name": "cfg"}}""")], "1", true, IncludeObject.Metadata, Now);

        Assert.That(table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "Name", "Age" }));
        Assert.That(Values(table["rows"]![0]!["cells"]!.AsArray()), Is.EqualTo(new object[] { "cfg", "<unknown>" }));
    }

    [TestCase(null, IncludeObject.Metadata)]
    [TestCase("None", IncludeObject.None)]
    [TestCase("Object", IncludeObject.Object)]
    public void The_include_object_parameter_defaults_to_metadata(string? value, IncludeObject expected) =>
        Assert.That(IncludeObjectParser.Parse(value), Is.EqualTo(expected));

    [Test]
    public void An_unknown_include_object_value_is_a_bad_request() =>
        Assert.That(() => IncludeObjectParser.Parse("Everything"),
            Throws.TypeOf<ChaosLab.ApiServer.Http.ApiException>().With.Property("Code").EqualTo(400));
}
