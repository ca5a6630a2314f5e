using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Tests.Http;

[Category("Unit")]
public sealed class YamlToJsonTests
{
    [Test]
    public void Plain_scalars_are_typed_and_quoted_ones_stay_strings()
    {
        var json = YamlToJson.Convert("""
            a: 3
            b: "3"
            c: true
            d: null
            e: 1.5
            f: web
            g: [1, two]
            """)!;

        Assert.That(json.ToJsonString(), Is.EqualTo("""{"a":3,"b":"3","c":true,"d":null,"e":1.5,"f":"web","g":[1,"two"]}"""));
    }

    [Test]
    public void Broken_yaml_is_a_bad_request_naming_the_line()
    {
        var ex = Assert.Throws<ApiException>(() => YamlToJson.Convert("a: [1, 2\nb: c"))!;
        Assert.That((ex.Code, ex.Reason), Is.EqualTo((400, "BadRequest")));
        Assert.That(ex.Message, Does.Contain("line"));
    }

    [Test]
    public void Several_documents_are_refused() =>
        Assert.That(() => YamlToJson.Convert("a: 1\n---\nb: 2\n"), Throws.InstanceOf<ApiException>().With.Property("Code").EqualTo(400));
}
