using ChaosLab.ApiServer.CustomResources;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.CustomResources;

[TestFixture]
[Category("Unit")]
public sealed class SchemaDefaulterAndPrunerTests
{
    private static readonly string Schema = """
        {"type":"object","properties":{
          "spec":{"type":"object","default":{},"properties":{
            "replicas":{"type":"integer","default":1},
            "policy":{"type":"object","default":{},"properties":{"mode":{"type":"string","default":"Fast"}}},
            "items":{"type":"array","items":{"type":"object","properties":{"weight":{"type":"integer","default":5}}}},
            "labels":{"type":"object","additionalProperties":{"type":"string"}},
            "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
            "template":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"spec":{"type":"object"}}}}},
          "status":{"type":"object","properties":{"replicas":{"type":"integer"}}}}}
        """;

    [Test]
    public void Absent_fields_get_defaults_top_down()
    {
        var obj = Json("""{"apiVersion":"x/v1","kind":"K","metadata":{"name":"a"},"spec":{"items":[{},{"weight":2}]}}""");
        SchemaDefaulter.Default(obj, Json(Schema));

        Assert.That(obj["spec"]!.ToJsonString(), Is.EqualTo("""{"items":[{"weight":5},{"weight":2}],"replicas":1,"policy":{"mode":"Fast"}}"""));
    }

    [Test]
    public void A_missing_spec_is_defaulted_with_its_own_defaults()
    {
        var obj = Json("""{"metadata":{"name":"a"}}""");
        SchemaDefaulter.Default(obj, Json(Schema));

        Assert.That(obj["spec"]!.ToJsonString(), Is.EqualTo("""{"replicas":1,"policy":{"mode":"Fast"}}"""));
    }

    [Test]
    public void Unknown_fields_are_pruned_except_where_preserved()
    {
        var obj = Json("""
            {"apiVersion":"x/v1","kind":"K","metadata":{"name":"a"},"extra":1,
             "spec":{"replicas":2,"bogus":"x","labels":{"a":"b"},"free":{"any":{"thing":1}},
                     "template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{},"junk":true}},
             "status":{"replicas":1,"phase":"Up"}}
            """);
        var dropped = SchemaPruner.PruneObject(obj, Json(Schema));

        Assert.That(dropped, Is.EquivalentTo(new[] { "extra", "spec.bogus", "spec.template.junk", "status.phase" }));
        Assert.That(obj.ToJsonString(), Is.EqualTo(
            """{"apiVersion":"x/v1","kind":"K","metadata":{"name":"a"},"spec":{"replicas":2,"labels":{"a":"b"},"free":{"any":{"thing":1}},"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{}}},"status":{"replicas":1}}"""));
    }
}
