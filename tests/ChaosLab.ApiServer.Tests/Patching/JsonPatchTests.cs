using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Patching;

namespace ChaosLab.ApiServer.Tests.Patching;

[Category("Unit")]
public sealed class JsonPatchTests
{
    // RFC 6902 appendix A examples that succeed: A.1-A.8, A.10, A.11, A.14, A.16.
    [TestCase("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"baz":"qux","foo":"bar"}""")]
    [TestCase("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [TestCase("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [TestCase("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [TestCase("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [TestCase("""{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""",
        """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [TestCase("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [TestCase("""{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""",
        """{"baz":"qux","foo":["a",2,"c"]}""")]
    [TestCase("""{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [TestCase("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]""", """{"foo":"bar","baz":"qux"}""")]
    [TestCase("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]""", """{"/":9,"~1":10}""")]
    [TestCase("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    public void Rfc6902_appendix_example_gives_the_documented_result(string target, string patch, string expected)
    {
        var result = JsonPatch.Apply(JsonNode.Parse(target)!, JsonNode.Parse(patch)!.AsArray());

        Assert.That(JsonNode.DeepEquals(result, JsonNode.Parse(expected)), Is.True, result.ToJsonString());
    }

    // RFC 6902 A.9, A.12 and A.15 must fail; upstream answers 422 Invalid.
    [TestCase("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""", "jsonpatch test operation does not apply: value at /baz is \"qux\", not \"bar\"")]
    [TestCase("""{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""", "jsonpatch add operation does not apply: doc is missing path: /baz/bat")]
    [TestCase("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""", "jsonpatch test operation does not apply: value at /~01 is 10, not \"10\"")]
    public void Rfc6902_appendix_error_example_is_rejected_as_invalid(string target, string patch, string message)
    {
        var error = Assert.Throws<ApiException>(() => JsonPatch.Apply(JsonNode.Parse(target)!, JsonNode.Parse(patch)!.AsArray()));

        Assert.That((error.Code, error.Reason, error.Message), Is.EqualTo((422, "Invalid", message)));
    }

    [TestCase("""[{"op":"replace","path":"/spec/nope/foo","value":1}]""", "jsonpatch replace operation does not apply: doc is missing path: /spec/nope/foo")]
    [TestCase("""[{"op":"replace","path":"/spec/containers/1","value":{}}]""", "jsonpatch replace operation does not apply: doc is missing path: /spec/containers/1")]
    [TestCase("""[{"op":"replace","path":"/spec/containers/0/name/x","value":1}]""", "jsonpatch replace operation does not apply: doc is missing path: /spec/containers/0/name/x")]
    [TestCase("""[{"op":"remove","path":"/spec/containers/1"}]""", "jsonpatch remove operation does not apply: doc is missing path: /spec/containers/1")]
    [TestCase("""[{"op":"add","path":"/spec/containers/2","value":{}}]""", "jsonpatch add operation does not apply: invalid array index 2 in /spec/containers/2")]
    [TestCase("""[{"op":"add","path":"/spec/containers/01","value":{}}]""", "jsonpatch add operation does not apply: invalid array index 01 in /spec/containers/01")]
    [TestCase("""[{"op":"move","from":"/spec/nope","path":"/spec/x"}]""", "jsonpatch move operation does not apply: doc is missing from path: /spec/nope")]
    [TestCase("""[{"op":"copy","from":"/spec/nope","path":"/spec/x"}]""", "jsonpatch copy operation does not apply: doc is missing from path: /spec/nope")]
    [TestCase("""[{"op":"move","from":"/spec","path":"/spec/inner"}]""", "jsonpatch move operation does not apply: cannot move /spec into its own child /spec/inner")]
    [TestCase("""[{"op":"add","path":"spec","value":1}]""", "jsonpatch add operation does not apply: path spec is not a JSON pointer: it must be empty or start with /")]
    public void Operation_that_does_not_apply_is_a_422_saying_what_failed(string patch, string message)
    {
        var target = JsonNode.Parse("""{"spec":{"containers":[{"name":"a"}]}}""")!;

        var error = Assert.Throws<ApiException>(() => JsonPatch.Apply(target, JsonNode.Parse(patch)!.AsArray()));

        Assert.That((error.Code, error.Reason, error.Message), Is.EqualTo((422, "Invalid", message)));
    }

    [TestCase("""[{"path":"/a","value":1}]""")]
    [TestCase("""[{"op":"frobnicate","path":"/a"}]""")]
    [TestCase("""[{"op":"add","value":1}]""")]
    [TestCase("""[{"op":"add","path":"/a"}]""")]
    [TestCase("""[{"op":"move","path":"/a"}]""")]
    [TestCase("""["add"]""")]
    public void Malformed_operation_is_a_400(string patch)
    {
        var error = Assert.Throws<ApiException>(() => JsonPatch.Apply(JsonNode.Parse("{}")!, JsonNode.Parse(patch)!.AsArray()));

        Assert.That((error.Code, error.Reason), Is.EqualTo((400, "BadRequest")));
    }

    [Test]
    public void Copy_add_to_root_and_replace_whole_document_work()
    {
        var copied = JsonPatch.Apply(JsonNode.Parse("""{"a":{"b":[1]}}""")!,
            JsonNode.Parse("""[{"op":"copy","from":"/a","path":"/c"},{"op":"add","path":"/c/b/0","value":0}]""")!.AsArray());
        var replaced = JsonPatch.Apply(JsonNode.Parse("""{"a":1}""")!, JsonNode.Parse("""[{"op":"replace","path":"","value":{"b":2}}]""")!.AsArray());

        Assert.That(copied.ToJsonString(), Is.EqualTo("""{"a":{"b":[1]},"c":{"b":[0,1]}}"""));
        Assert.That(replaced.ToJsonString(), Is.EqualTo("""{"b":2}"""));
    }

    // evanphx/json-patch v4, which upstream's API server uses, sets a missing member on replace instead of failing (RFC 6902 would).
    [TestCase("""{"spec":{}}""", """[{"op":"replace","path":"/spec/replicas","value":3}]""", """{"spec":{"replicas":3}}""")]
    [TestCase("""{"metadata":{"labels":null}}""", """[{"op":"replace","path":"/metadata/labels","value":{"a":"b"}}]""", """{"metadata":{"labels":{"a":"b"}}}""")]
    [TestCase("""{"a":{"b":null}}""", """[{"op":"replace","path":"/a/b","value":1}]""", """{"a":{"b":1}}""")]
    public void Replace_of_a_missing_member_of_an_existing_object_adds_it_as_upstream_does(string target, string patch, string expected)
    {
        var result = JsonPatch.Apply(JsonNode.Parse(target)!, JsonNode.Parse(patch)!.AsArray());

        Assert.That(result.ToJsonString(), Is.EqualTo(expected));
    }

    [Test]
    public void A_failing_operation_leaves_the_input_untouched()
    {
        var target = JsonNode.Parse("""{"metadata":{"labels":{"app":"web"}}}""")!;
        var patch = JsonNode.Parse("""[{"op":"remove","path":"/metadata/labels/app"},{"op":"test","path":"/metadata/labels/app","value":"web"}]""")!.AsArray();

        Assert.Throws<ApiException>(() => JsonPatch.Apply(target, patch));
        var result = JsonPatch.Apply(target, JsonNode.Parse("""[{"op":"add","path":"/metadata/labels/tier","value":"front"}]""")!.AsArray());

        Assert.That(target.ToJsonString(), Is.EqualTo("""{"metadata":{"labels":{"app":"web"}}}"""));
        Assert.That(result.ToJsonString(), Is.EqualTo("""{"metadata":{"labels":{"app":"web","tier":"front"}}}"""));
    }
}
