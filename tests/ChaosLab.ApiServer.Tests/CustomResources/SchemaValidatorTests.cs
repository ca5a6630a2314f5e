using ChaosLab.ApiServer.CustomResources;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.CustomResources;

[TestFixture]
[Category("Unit")]
public sealed class SchemaValidatorTests
{
    private static readonly string Schema = """
        {"type":"object","properties":{
          "spec":{"type":"object","required":["image"],"properties":{
            "replicas":{"type":"integer","minimum":1,"maximum":10,"format":"int32"},
            "image":{"type":"string","minLength":1,"maxLength":20,"pattern":"^[a-z:0-9.]+$"},
            "color":{"type":"string","enum":["red","blue"]},
            "ports":{"type":"array","minItems":1,"maxItems":2,"items":{"type":"integer"}},
            "when":{"type":"string","format":"date-time"},
            "port":{"x-kubernetes-int-or-string":true},
            "note":{"type":"string","nullable":true}}}}}
        """;

    private static string Validate(string obj) => Describe(SchemaValidator.ValidateObject(Json(obj), Json(Schema)));

    [Test]
    public void A_valid_object_has_no_causes()
    {
        Assert.That(Validate("""
            {"apiVersion":"x/v1","kind":"K","metadata":{"name":"a"},"spec":{"replicas":3,"image":"nginx:1.27","color":"red","ports":[80],
             "when":"2024-01-02T03:04:05Z","port":"http","note":null}}
            """), Is.Empty);
    }

    [Test]
    public void Wrong_type_is_worded_as_upstream()
    {
        Assert.That(Validate("""{"spec":{"replicas":"three","image":"a"}}"""),
            Is.EqualTo("spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\""));
        Assert.That(Validate("""{"spec":{"replicas":1.5,"image":"a"}}"""),
            Is.EqualTo("spec.replicas: Invalid value: \"number\": spec.replicas in body must be of type integer: \"number\""));
        Assert.That(Validate("""{"spec":{"image":"a","port":true}}"""), Does.Contain("must be of type integer-or-string"));
        Assert.That(Validate("""{"spec":{"image":null}}"""), Does.Contain("spec.image: Invalid value: \"null\": spec.image in body must be of type string: \"null\""));
    }

    [Test]
    public void Required_enum_and_bounds()
    {
        Assert.That(Validate("""{"spec":{}}"""), Is.EqualTo("spec.image: Required value"));
        Assert.That(Validate("""{"spec":{"image":"a","color":"pink"}}"""),
            Is.EqualTo("spec.color: Unsupported value: \"pink\": supported values: \"red\", \"blue\""));
        Assert.That(Validate("""{"spec":{"image":"a","replicas":0}}"""),
            Is.EqualTo("spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1"));
        Assert.That(Validate("""{"spec":{"image":"a","replicas":11}}"""),
            Is.EqualTo("spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10"));
        Assert.That(Validate("""{"spec":{"image":"a","replicas":3000000000}}"""), Does.Contain("must be of type int32"));
    }

    [Test]
    public void Strings_arrays_and_formats()
    {
        Assert.That(Validate("""{"spec":{"image":""}}"""), Does.Contain("spec.image in body should be at least 1 chars long"));
        Assert.That(Validate("""{"spec":{"image":"abcdefghijklmnopqrstuvwxyz"}}"""), Does.Contain("spec.image: Too long: may not be more than 20 bytes"));
        Assert.That(Validate("""{"spec":{"image":"UPPER"}}"""), Does.Contain("spec.image in body should match '^[a-z:0-9.]+$'"));
        Assert.That(Validate("""{"spec":{"image":"a","ports":[]}}"""), Does.Contain("spec.ports in body should have at least 1 items"));
        Assert.That(Validate("""{"spec":{"image":"a","ports":[1,2,3]}}"""), Does.Contain("spec.ports: Too many: 3: must have at most 2 items"));
        Assert.That(Validate("""{"spec":{"image":"a","ports":["x"]}}"""), Does.Contain("spec.ports[0] in body must be of type integer"));
        Assert.That(Validate("""{"spec":{"image":"a","when":"yesterday"}}"""), Does.Contain("spec.when in body must be of type date-time: \"yesterday\""));
    }
}
