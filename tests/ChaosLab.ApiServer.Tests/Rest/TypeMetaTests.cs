using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Tests.Rest;

[Category("Unit")]
public sealed class TypeMetaTests
{
    [Test]
    public void String_or_absent_kind_and_apiVersion_read()
    {
        Assert.That(TypeMeta.Read(JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod"}""")!.AsObject(), "Pod"), Is.EqualTo(("v1", "Pod")));
        Assert.That(TypeMeta.Read(JsonNode.Parse("""{"kind":null}""")!.AsObject(), "Pod"), Is.EqualTo(((string?)null, (string?)null)));
    }

    [Test]
    public void The_first_wrongly_typed_one_in_the_body_is_reported()
    {
        var error = TypeMeta.DecodeError(JsonNode.Parse("""{"kind":{},"apiVersion":5}""")!.AsObject());

        Assert.That(error, Is.EqualTo("couldn't get version/kind; json parse error: json: cannot unmarshal object into Go struct field .kind of type string"));
    }

    [Test]
    public void A_long_body_is_summarised_by_its_first_thirty_characters()
    {
        var body = JsonNode.Parse("""{"metadata":{"name":"a-rather-long-name"},"kind":5}""")!.AsObject();

        var error = Assert.Throws<ApiException>(() => TypeMeta.Read(body, "ConfigMap"))!;

        Assert.That(error.Message, Does.EndWith("""({"metadata":{"name":"a-rather- ...)"""));
    }

    [TestCase("[]", "array")]
    [TestCase("\"x\"", "string")]
    [TestCase("5", "number")]
    public void A_body_that_is_not_an_object_is_worded_as_upstreams_interpret_words_it(string body, string value) =>
        Assert.That(TypeMeta.NotAnObjectError(JsonNode.Parse(body)!), Is.EqualTo(
            $"couldn't get version/kind; json parse error: json: cannot unmarshal {value} into Go value of type "
            + "struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }"));
}
