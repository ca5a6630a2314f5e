using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Apply;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Tests.Apply;

[Category("Unit")]
public sealed class FieldSetTests
{
    [Test]
    public void FieldsV1_round_trips_with_the_dot_first_and_elements_in_upstream_order()
    {
        const string fields = """{"f:data":{".":{},"f:a":{},"f:b":{}},"f:spec":{"f:ports":{"k:{\"port\":80,\"protocol\":\"TCP\"}":{".":{},"f:port":{}}},"f:finalizers":{"v:\"x\"":{}}}}""";

        var set = FieldSet.FromFieldsV1(JsonNode.Parse(fields))!;

        Assert.That(set.ToFieldsV1().ToJsonString(GoJson.Options), Is.EqualTo("""{"f:data":{".":{},"f:a":{},"f:b":{}},"f:spec":{"f:finalizers":{"v:\"x\"":{}},"f:ports":{"k:{\"port\":80,\"protocol\":\"TCP\"}":{".":{},"f:port":{}}}}}"""));
    }

    [TestCase("""{"f:a":1}""")]
    [TestCase("""{"x:a":{}}""")]
    [TestCase("""[]""")]
    public void Malformed_fieldsV1_reads_as_null(string fields)
    {
        Assert.That(FieldSet.FromFieldsV1(JsonNode.Parse(fields)), Is.Null);
    }

    [Test]
    public void Union_difference_and_intersection_work_on_members()
    {
        var a = new FieldSet();
        a.Insert("f:data", "f:a");
        a.Insert("f:data", "f:b");
        var b = new FieldSet();
        b.Insert("f:data", "f:b");
        b.Insert("f:data", "f:c");

        Assert.Multiple(() =>
        {
            Assert.That(a.Union(b).ToFieldsV1().ToJsonString(GoJson.Options), Is.EqualTo("""{"f:data":{"f:a":{},"f:b":{},"f:c":{}}}"""));
            Assert.That(a.Difference(b).ToFieldsV1().ToJsonString(GoJson.Options), Is.EqualTo("""{"f:data":{"f:a":{}}}"""));
            Assert.That(a.Intersection(b).ToFieldsV1().ToJsonString(GoJson.Options), Is.EqualTo("""{"f:data":{"f:b":{}}}"""));
            Assert.That(a.Difference(a).IsEmpty, Is.True);
        });
    }

    [Test]
    public void A_difference_keeps_children_of_a_path_it_takes()
    {
        var a = FieldSet.FromFieldsV1(JsonNode.Parse("""{"f:labels":{".":{},"f:app":{}}}"""))!;
        var b = FieldSet.FromFieldsV1(JsonNode.Parse("""{"f:labels":{}}"""))!;

        Assert.That(a.Difference(b).ToFieldsV1().ToJsonString(GoJson.Options), Is.EqualTo("""{"f:labels":{"f:app":{}}}"""));
    }

    [Test]
    public void Paths_print_as_upstream_prints_them_in_conflicts()
    {
        var set = FieldSet.FromFieldsV1(JsonNode.Parse("""{"f:data":{"f:key":{}},"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{"f:image":{}}},"f:finalizers":{"v:\"a\"":{}}}}"""))!;

        var printed = set.Paths().Select(FieldSet.Format).ToList();

        Assert.That(printed, Is.EqualTo(new[] { ".data.key", ".spec.containers[name=\"web\"].image", ".spec.finalizers[=\"a\"]" }));
    }
}
