using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Apply;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Tests.Apply;

[Category("Unit")]
public sealed class FieldSetBuilderTests
{
    private static readonly IApplySchema Deployment = new BuiltInApplySchema("Deployment");

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    [Test]
    public void A_configuration_owns_its_leaves_and_keyed_items_but_not_server_fields()
    {
        var config = Obj("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"spec":{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80}],"args":["a","b"]}]}}}}
            """);

        var set = FieldSetBuilder.OfConfiguration(config, Deployment);

        Assert.That(set.ToFieldsV1().ToJsonString(GoJson.Options), Is.EqualTo(
            """{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:args":{},"f:image":{},"f:name":{},"f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}"""));
    }

    [Test]
    public void A_create_owns_every_added_path_maps_included()
    {
        var created = Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","uid":"u","labels":{"a":"b"}},"data":{"k":"v"}}""");

        var comparison = FieldSetBuilder.Compare(null, created, new BuiltInApplySchema("ConfigMap"));

        Assert.That(comparison.Added.ToFieldsV1().ToJsonString(GoJson.Options), Is.EqualTo("""{"f:data":{".":{},"f:k":{}},"f:metadata":{"f:labels":{".":{},"f:a":{}}}}"""));
    }

    [Test]
    public void A_comparison_sorts_paths_into_added_modified_and_removed()
    {
        var before = Obj("""{"metadata":{"name":"c","finalizers":["x","y"]},"data":{"keep":"1","change":"1","drop":"1"}}""");
        var after = Obj("""{"metadata":{"name":"c","finalizers":["y","z"]},"data":{"keep":"1","change":"2","new":"1"}}""");

        var c = FieldSetBuilder.Compare(before, after, new BuiltInApplySchema("ConfigMap"));

        Assert.Multiple(() =>
        {
            Assert.That(c.Added.ToFieldsV1().ToJsonString(GoJson.Options), Is.EqualTo("""{"f:data":{"f:new":{}},"f:metadata":{"f:finalizers":{"v:\"z\"":{}}}}"""));
            Assert.That(c.Modified.ToFieldsV1().ToJsonString(GoJson.Options), Is.EqualTo("""{"f:data":{"f:change":{}}}"""));
            Assert.That(c.Removed.ToFieldsV1().ToJsonString(GoJson.Options), Is.EqualTo("""{"f:data":{"f:drop":{}},"f:metadata":{"f:finalizers":{"v:\"x\"":{}}}}"""));
        });
    }

    [Test]
    public void Managed_fields_themselves_are_never_compared()
    {
        var before = Obj("""{"metadata":{"name":"c","managedFields":[{"manager":"a"}]}}""");
        var after = Obj("""{"metadata":{"name":"c","managedFields":[{"manager":"b"}]}}""");

        Assert.That(FieldSetBuilder.Compare(before, after, new BuiltInApplySchema("ConfigMap")).IsSame, Is.True);
    }

    [Test]
    public void A_custom_resource_list_is_atomic_unless_its_schema_keys_it()
    {
        var schema = new CustomResourceApplySchema(Obj("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "items":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["id"],"items":{"type":"object","properties":{"id":{"type":"string"},"v":{"type":"string"}}}},
              "tags":{"type":"array","items":{"type":"string"}}}}}}
            """));
        var config = Obj("""{"spec":{"items":[{"id":"a","v":"1"}],"tags":["x"]}}""");

        var set = FieldSetBuilder.OfConfiguration(config, schema);

        Assert.That(set.ToFieldsV1().ToJsonString(GoJson.Options), Is.EqualTo("""{"f:spec":{"f:items":{"k:{\"id\":\"a\"}":{".":{},"f:id":{},"f:v":{}}},"f:tags":{}}}"""));
    }
}
