using System.Text;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Tests.Http;

[Category("Unit")]
public sealed class RequestBodyTests
{
    [Test]
    public async Task A_json_body_with_a_duplicate_key_is_read_with_the_last_value()
    {
        var body = await RequestBody.ReadObjectAsync(Request("application/json", """{"kind":"Pod","kind":"Pod","metadata":{"name":"a","name":"b"}}"""), CancellationToken.None);

        Assert.That(body.ToJsonString(), Is.EqualTo("""{"kind":"Pod","metadata":{"name":"b"}}"""));
        Assert.That((string?)body["metadata"]!["name"], Is.EqualTo("b"));
    }

    [Test]
    public void A_json_body_with_a_duplicate_key_is_refused_when_field_validation_is_strict()
    {
        var request = Request("application/json", """{"apiVersion":"v1","apiVersion":"v1","metadata":{"name":"a","name":"a"}}""");

        var ex = Assert.ThrowsAsync<ApiException>(() => RequestBody.ReadObjectAsync(request, strict: true, CancellationToken.None))!;

        Assert.That((ex.Code, ex.Reason), Is.EqualTo((400, "BadRequest")));
        Assert.That(ex.Message, Is.EqualTo("strict decoding error: duplicate field \"apiVersion\", duplicate field \"metadata.name\""));
    }

    [Test]
    public async Task A_yaml_body_with_a_duplicate_key_is_read_with_the_last_value()
    {
        var body = await RequestBody.ReadObjectAsync(Request("application/yaml", "kind: Pod\nkind: Service\n"), CancellationToken.None);

        Assert.That(body.ToJsonString(), Is.EqualTo("""{"kind":"Service"}"""));
    }

    [Test]
    public void A_yaml_body_with_a_duplicate_key_is_refused_when_field_validation_is_strict()
    {
        // Found by the fuzz project: a PUT of a Namespace in YAML writing kind twice, with fieldValidation=Strict, was a 200.
        var request = Request("application/yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: a\nkind: ConfigMap\n");

        var ex = Assert.ThrowsAsync<ApiException>(() => RequestBody.ReadObjectAsync(request, strict: true, CancellationToken.None))!;

        Assert.That((ex.Code, ex.Reason), Is.EqualTo((400, "BadRequest")));
        Assert.That(ex.Message, Is.EqualTo("strict decoding error: error converting YAML to JSON: yaml: unmarshal errors:\n"
            + "  line 5: key \"name\" already set in map\n  line 6: key \"kind\" already set in map"));
    }

    [TestCase("application/yaml", "? [a]\n: b\n")]
    [TestCase("application/yaml", "a: &a [x, x]\nb: *nope\n")]
    [TestCase("application/merge-patch+json", "{\"a\":")]
    public void A_bad_body_is_a_bad_request(string contentType, string text)
    {
        var ex = Assert.ThrowsAsync<ApiException>(() => RequestBody.ReadAsync(Request(contentType, text), CancellationToken.None))!;

        Assert.That((ex.Code, ex.Reason), Is.EqualTo((400, "BadRequest")));
    }

    [TestCase("application/json")]
    [TestCase("application/yaml")]
    public void A_body_nested_deeper_than_the_limit_is_a_bad_request(string contentType)
    {
        var text = new string('[', RequestBody.MaxDepth + 1) + new string(']', RequestBody.MaxDepth + 1);

        var ex = Assert.ThrowsAsync<ApiException>(() => RequestBody.ReadAsync(Request(contentType, text), CancellationToken.None))!;

        Assert.That((ex.Code, ex.Reason), Is.EqualTo((400, "BadRequest")));
    }

    [Test]
    public async Task A_json_body_near_the_size_limit_is_read()
    {
        var items = Enumerable.Range(0, 60_000).Select(i => $$"""{"name":"item-{{i}}","value":{{i}},"ok":true}""");
        var text = $$"""{"items":[{{string.Join(',', items)}}]}""";
        Assert.That(Encoding.UTF8.GetByteCount(text), Is.LessThan(RequestBody.MaxBytes).And.GreaterThan(RequestBody.MaxBytes / 2));

        var body = await RequestBody.ReadObjectAsync(Request("application/json", text), CancellationToken.None);

        Assert.That(body["items"]!.AsArray(), Has.Count.EqualTo(60_000));
        Assert.That((int)body["items"]![59_999]!["value"]!, Is.EqualTo(59_999));
    }

    private static HttpRequest Request(string contentType, string text)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return context.Request;
    }
}
