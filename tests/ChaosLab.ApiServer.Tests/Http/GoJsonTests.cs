using System.Text;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Tests.Http;

/// <summary>Bodies as Go's json.Encoder writes them, which is how upstream's API server answers.</summary>
[Category("Unit")]
public sealed class GoJsonTests
{
    [Test]
    public void A_status_body_escapes_like_go_and_ends_with_a_newline()
    {
        var status = ApiException.NotFound("pods", "x").ToStatus();

        var body = Encoding.UTF8.GetString(GoJson.Body(status));

        Assert.That(body, Is.EqualTo(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"x\" not found","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404}""" + "\n"));
    }

    [Test]
    public void An_already_exists_status_names_the_group_and_the_resource_apart_as_upstream()
    {
        var status = ApiException.AlreadyExists("apiservices.apiregistration.k8s.io", "v1alpha1.wardle.k8s.io").ToStatus();

        var body = Encoding.UTF8.GetString(GoJson.Body(status));

        // The official Python client's e2e suite compares these bytes.
        Assert.That(body, Is.EqualTo(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"apiservices.apiregistration.k8s.io \"v1alpha1.wardle.k8s.io\" already exists","reason":"AlreadyExists","details":{"name":"v1alpha1.wardle.k8s.io","group":"apiregistration.k8s.io","kind":"apiservices"},"code":409}""" + "\n"));
    }

    [TestCase("deployments.apps", "apps", "deployments")]
    [TestCase("widgets.example.com", "example.com", "widgets")]
    [TestCase("pods", null, "pods")]
    public void Not_found_and_conflict_details_split_the_qualified_resource(string qualified, string? group, string kind)
    {
        foreach (var error in new[] { ApiException.NotFound(qualified, "x"), ApiException.Conflict(qualified, "x") })
        {
            Assert.That((error.Details!.Name, error.Details.Group, error.Details.Kind), Is.EqualTo(("x", group, kind)));
            Assert.That(error.Message, Does.Contain(qualified + " \"x\""));
        }
    }

    [TestCase("a\"b", """a\"b""")]
    [TestCase("a\\b", """a\\b""")]
    [TestCase("<a>&", """\u003ca\u003e\u0026""")]
    [TestCase("x'y+z", """x'y+z""")]
    [TestCase("tab\there\nnl\rcr\bbs\fff", """tab\there\nnl\rcr\bbs\fff""")]
    [TestCase("\u0001\u001f", """\u0001\u001f""")]
    [TestCase("\u2028\u2029", """\u2028\u2029""")]
    [TestCase("grüße 日本 🙂", "grüße 日本 🙂")]
    public void A_string_is_escaped_as_go_escapes_it(string value, string escaped)
    {
        Assert.That(GoJson.Text(JsonValue.Create(value)), Is.EqualTo('"' + escaped + '"'));
    }

    [Test]
    public void Keys_and_parsed_values_are_escaped_the_same_way()
    {
        var parsed = JsonNode.Parse("""{"a\u003cb":"say \"hi\" \u0026 bye","n":[1,2.5,true,null]}""");

        Assert.That(GoJson.Text(parsed), Is.EqualTo("""{"a\u003cb":"say \"hi\" \u0026 bye","n":[1,2.5,true,null]}"""));
    }

    [Test]
    public void A_long_string_of_characters_to_escape_is_written_whole()
    {
        var value = string.Concat(Enumerable.Repeat("<\"&\u2028", 5000));

        var text = GoJson.Text(JsonValue.Create(value));

        Assert.That(text, Is.EqualTo("\"" + string.Concat(Enumerable.Repeat("\\u003c\\\"\\u0026\\u2028", 5000)) + "\""));
    }
}
