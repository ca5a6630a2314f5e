using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Patching;

namespace ChaosLab.ApiServer.Tests.Patching;

[Category("Unit")]
public sealed class JsonMergePatchTests
{
    // RFC 7386 appendix A, row by row.
    [TestCase("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [TestCase("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [TestCase("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [TestCase("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [TestCase("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [TestCase("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [TestCase("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [TestCase("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [TestCase("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [TestCase("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [TestCase("""{"a":"foo"}""", "null", "null")]
    [TestCase("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [TestCase("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [TestCase("[1,2]", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [TestCase("{}", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Rfc7386_appendix_example_gives_the_documented_result(string target, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch));

        Assert.That(JsonNode.DeepEquals(result, JsonNode.Parse(expected)), Is.True, result?.ToJsonString() ?? "null");
    }

    [Test]
    public void Patching_a_missing_target_builds_the_object_from_the_patch()
    {
        var result = JsonMergePatch.Apply(null, JsonNode.Parse("""{"metadata":{"labels":{"app":"web","gone":null}}}"""));

        Assert.That(result?.ToJsonString(), Is.EqualTo("""{"metadata":{"labels":{"app":"web"}}}"""));
    }

    [Test]
    public void Neither_the_target_nor_the_patch_is_modified()
    {
        var target = JsonNode.Parse("""{"metadata":{"labels":{"app":"web","tier":"front"}},"spec":{"replicas":1}}""")!;
        var patch = JsonNode.Parse("""{"metadata":{"labels":{"tier":null}},"spec":{"replicas":3,"paused":true}}""")!;
        var before = (target.ToJsonString(), patch.ToJsonString());

        var result = JsonMergePatch.Apply(target, patch);

        Assert.That((target.ToJsonString(), patch.ToJsonString()), Is.EqualTo(before));
        Assert.That(result?.ToJsonString(), Is.EqualTo("""{"metadata":{"labels":{"app":"web"}},"spec":{"replicas":3,"paused":true}}"""));
        Assert.That(result!["spec"]!["paused"]!.Parent, Is.Not.SameAs(patch["spec"]));
    }
}
