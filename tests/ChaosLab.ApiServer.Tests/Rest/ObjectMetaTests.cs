using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Tests.Rest;

[Category("Unit")]
public sealed class ObjectMetaTests
{
    private const string ConfigMap = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"default","uid":"u-1"},"data":{"a":"1"}}""";

    [Test]
    public void A_body_with_the_urls_name_passes() =>
        Assert.That(() => ObjectMeta.CheckName(JsonNode.Parse(ConfigMap)!.AsObject(), "settings"), Throws.Nothing);

    [Test]
    public void A_json_patch_that_removes_metadata_leaves_an_object_that_cannot_be_written()
    {
        var patched = ResourceHandler.ApplyPatch(JsonNode.Parse(ConfigMap)!.AsObject(), JsonNode.Parse("""[{"op":"remove","path":"/metadata"}]""")!,
            "application/json-patch+json", "ConfigMap");

        var error = Assert.Throws<ApiException>(() => ObjectMeta.CheckName(patched, "settings"))!;

        Assert.That((error.Code, error.Reason), Is.EqualTo((400, "BadRequest")));
        Assert.That(error.Message, Is.EqualTo("the name of the object (settings based on URL) was undeterminable: name must be provided"));
    }

    [Test]
    public void Another_namespace_is_a_400_naming_both()
    {
        var obj = JsonNode.Parse(ConfigMap)!.AsObject();
        obj["metadata"]!["namespace"] = "other";

        Assert.That(Assert.Throws<ApiException>(() => ObjectMeta.CheckName(obj, "settings", "default"))!.Message,
            Is.EqualTo("the namespace of the object (other) does not match the namespace on the request (default)"));
        Assert.That(() => ObjectMeta.CheckName(obj, "settings", "other"), Throws.Nothing);
        obj["metadata"]!.AsObject().Remove("namespace");
        Assert.That(() => ObjectMeta.CheckName(obj, "settings", "default"), Throws.Nothing);
    }

    [Test]
    public void Another_name_is_a_400_naming_both() =>
        Assert.That(Assert.Throws<ApiException>(() => ObjectMeta.CheckName(JsonNode.Parse(ConfigMap)!.AsObject(), "other"))!.Message,
            Is.EqualTo("the name of the object (settings) does not match the name on the URL (other)"));
}
