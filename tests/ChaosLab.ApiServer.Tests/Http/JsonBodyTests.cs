using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Tests.Http;

[Category("Unit")]
public sealed class JsonBodyTests
{
    [Test]
    public void A_duplicate_key_keeps_its_first_place_and_its_last_value()
    {
        var json = JsonBody.Parse("""{"kind":"Pod","metadata":{"name":"a","name":"b"},"kind":"Service"}""")!.AsObject();

        Assert.That(json.ToJsonString(), Is.EqualTo("""{"kind":"Service","metadata":{"name":"b"}}"""));
        Assert.That((string?)json["kind"], Is.EqualTo("Service"));
        Assert.That(json.Count, Is.EqualTo(2));
    }

    [Test]
    public void Values_are_kept_as_written_when_a_key_is_repeated()
    {
        var json = JsonBody.Parse("""{"g":0,"a":1.50,"b":12345678901234567890,"c":"x\u00e9\"","d":[true,false,null],"e":{},"f":[],"g":-0.0e3}""")!;

        var expected = JsonNode.Parse("""{"g":-0.0e3,"a":1.50,"b":12345678901234567890,"c":"x\u00e9\"","d":[true,false,null],"e":{},"f":[]}""")!;
        Assert.That(json.ToJsonString(), Is.EqualTo(expected.ToJsonString()));
        Assert.That(json.ToJsonString(), Does.Contain("-0.0e3").And.Contain("1.50").And.Contain("12345678901234567890"));
        Assert.That((json["a"]!.GetValue<decimal>(), json["d"]![0]!.GetValue<bool>(), json["d"]![2]), Is.EqualTo((1.50m, true, (JsonNode?)null)));
    }

    [TestCase("null")]
    [TestCase(" 3 ")]
    [TestCase("\"text\"")]
    public void A_scalar_body_is_a_scalar(string text) =>
        Assert.That(JsonBody.Parse(text)?.ToJsonString(), Is.EqualTo(JsonNode.Parse(text)?.ToJsonString()));

    [Test]
    public void Objects_nest_to_the_limit_and_no_deeper()
    {
        Assert.That(() => JsonBody.Parse(Nested(RequestBody.MaxDepth)), Throws.Nothing);
        Assert.That(() => JsonBody.Parse(Nested(RequestBody.MaxDepth + 1)), Throws.InstanceOf<JsonException>());
    }

    [Test]
    public void A_hundred_thousand_nested_brackets_are_refused_before_anything_recurses() =>
        Assert.That(() => JsonBody.Parse(new string('[', 100_000)), Throws.InstanceOf<JsonException>());

    [TestCase("{} {}")]
    [TestCase("{\"a\":1,}")]
    [TestCase("{\"a\":1")]
    [TestCase("")]
    public void Anything_but_one_json_value_is_refused(string text) =>
        Assert.That(() => JsonBody.Parse(text), Throws.InstanceOf<JsonException>());

    [Test]
    public void Fields_written_twice_are_named_once_each_by_their_path_as_upstreams_strict_decoder_names_them()
    {
        var duplicates = JsonBody.DuplicateFields("""{"a":1,"a":2,"a":3,"b":{"c":1,"c":2},"e":[1,{"f":1},{"f":1,"f":2}],"g":{"a":1}}""");

        Assert.That(duplicates, Is.EqualTo(new[] { "a", "b.c", "e[2].f" }));
    }

    [Test]
    public void A_body_with_every_field_written_once_has_no_duplicates() =>
        Assert.That(JsonBody.DuplicateFields("""{"metadata":{"name":"a"},"spec":{"name":"a","items":[{"name":"a"},{"name":"a"}]},"name":"a"}"""), Is.Empty);

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}
