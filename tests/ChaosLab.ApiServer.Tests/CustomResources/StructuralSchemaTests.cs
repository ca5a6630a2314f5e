using ChaosLab.ApiServer.CustomResources;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.CustomResources;

[TestFixture]
[Category("Unit")]
public sealed class StructuralSchemaTests
{
    private const string Path = "spec.versions[0].schema.openAPIV3Schema";

    private static string Check(string schema) => Describe(StructuralSchema.Check(Json(schema), Path));

    [Test]
    public void A_structural_schema_passes()
    {
        Assert.That(Check("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "n":{"type":"integer","default":2},"tags":{"type":"array","items":{"type":"string"}},
              "port":{"x-kubernetes-int-or-string":true},"raw":{"x-kubernetes-preserve-unknown-fields":true},
              "m":{"type":"object","additionalProperties":{"type":"string"}}}}}}
            """), Is.Empty);
    }

    [Test]
    public void Missing_types_are_named_by_their_path()
    {
        Assert.That(Check("""{"type":"object","properties":{"spec":{"properties":{"a":{"type":"string"}}}}}"""),
            Is.EqualTo($"{Path}.properties[spec].type: Required value: must not be empty for specified object fields"));
        Assert.That(Check("""{"type":"object","properties":{"list":{"type":"array","items":{}}}}"""),
            Is.EqualTo($"{Path}.properties[list].items.type: Required value: must not be empty for specified array items"));
        Assert.That(Check("""{"properties":{}}"""), Is.EqualTo($"{Path}.type: Required value: must not be empty at the root"));
    }

    [Test]
    public void Other_structural_rules()
    {
        Assert.That(Check("""{"type":"string"}"""), Is.EqualTo($"{Path}.type: Invalid value: \"string\": must be object at the root"));
        Assert.That(Check("""{"type":"object","properties":{"a":{"type":"array"}}}"""), Is.EqualTo($"{Path}.properties[a].items: Required value: must be specified"));
        Assert.That(Check("""{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"string"}},"additionalProperties":{"type":"string"}}}}"""),
            Does.Contain("additionalProperties and properties are mutual exclusive"));
        Assert.That(Check("""{"type":"object","properties":{"a":{"$ref":"#/x"}}}"""), Does.Contain("$ref is not supported"));
        Assert.That(Check("""{"type":"object","properties":{"n":{"type":"integer","default":"two"}}}"""),
            Does.Contain($"{Path}.properties[n].default: Invalid value: \"string\""));
    }
}
