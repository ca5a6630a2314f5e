using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Selectors;

namespace ChaosLab.ApiServer.Tests.Selectors;

[Category("Unit")]
public sealed class FieldSelectorTests
{
    private static readonly JsonObject Pod = JsonNode.Parse("""
        {"metadata":{"name":"web-1","namespace":"default"},"spec":{"nodeName":"node-a","restartPolicy":"Always"},"status":{"phase":"Running"}}
        """)!.AsObject();

    private static ResourceType Kind(string kind) => ResourceCatalog.All.First(r => r.Kind == kind);

    [TestCase("metadata.name=web-1", true)]
    [TestCase("metadata.name==web-1", true)]
    [TestCase("metadata.name!=web-1", false)]
    [TestCase("spec.nodeName=node-a,status.phase!=Succeeded", true)]
    [TestCase("spec.nodeName=node-a,status.phase=Pending", false)]
    [TestCase("status.podIP=", true)]
    [TestCase("status.nominatedNodeName!=", false)]
    public void Matches_the_value_at_the_dotted_path_with_missing_fields_empty(string selector, bool matches) =>
        Assert.That(FieldSelector.Parse(selector).Matches(Pod), Is.EqualTo(matches));

    [Test]
    public void Terms_are_sorted_and_double_equals_prints_as_equals()
    {
        var selector = FieldSelector.Parse("status.phase!=Failed,metadata.name==a,status.phase!=Succeeded");

        Assert.That(selector.ToString(), Is.EqualTo("metadata.name=a,status.phase!=Failed,status.phase!=Succeeded"));
        Assert.That(selector.Fields, Is.EqualTo(new[] { "metadata.name", "status.phase" }));
    }

    [Test]
    public void Escaped_comma_equals_and_backslash_are_part_of_the_value()
    {
        var selector = FieldSelector.Parse(@"metadata.name=a\,b\=c\\d");
        var obj = JsonNode.Parse("""{"metadata":{"name":"a,b=c\\d"}}""")!.AsObject();

        Assert.That(selector.Requirements.Single().Value, Is.EqualTo(@"a,b=c\d"));
        Assert.That(selector.Matches(obj), Is.True);
        Assert.That(selector.ToString(), Is.EqualTo(@"metadata.name=a\,b\=c\\d"));
    }

    [TestCase("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'")]
    [TestCase("a=b=c", "invalid field selector: unescaped character in value: '='")]
    [TestCase(@"a=b\x", @"invalid field selector: invalid escape sequence: \x")]
    [TestCase(@"a=b\", @"invalid field selector: invalid escape sequence: \")]
    public void Bad_syntax_is_a_400(string selector, string message)
    {
        var error = Assert.Throws<ApiException>(() => FieldSelector.Parse(selector));

        Assert.That((error.Code, error.Message), Is.EqualTo((400, message)));
    }

    [Test]
    public void Empty_selector_is_everything()
    {
        Assert.That(FieldSelector.Parse(null).IsEverything, Is.True);
        Assert.That(FieldSelector.Parse("").Matches(Pod), Is.True);
    }

    [Test]
    public void Booleans_numbers_and_event_source_read_as_upstream_field_labels()
    {
        var node = JsonNode.Parse("""{"spec":{"unschedulable":true}}""")!.AsObject();
        var rs = JsonNode.Parse("""{"status":{"replicas":3}}""")!.AsObject();
        var ev = JsonNode.Parse("""{"source":{"component":"kubelet","host":"n1"},"involvedObject":{"kind":"Pod"}}""")!.AsObject();

        Assert.That(FieldSelector.Parse("spec.unschedulable=true").Matches(node), Is.True);
        Assert.That(FieldSelector.Parse("spec.unschedulable=false").Matches(new JsonObject()), Is.True);
        Assert.That(FieldSelector.Parse("status.replicas=3").Matches(rs), Is.True);
        Assert.That(FieldSelector.Parse("status.replicas=0").Matches(new JsonObject()), Is.True);
        Assert.That(FieldSelector.Parse("source=kubelet,involvedObject.kind=Pod").Matches(ev), Is.True);
    }

    [TestCase("Pod", "spec.nodeName=a,status.phase=Running,metadata.namespace=default")]
    [TestCase("Event", "involvedObject.uid=1,reason=Started,source=kubelet,type=Normal,reportingComponent=x")]
    [TestCase("Secret", "type=Opaque")]
    [TestCase("Namespace", "status.phase=Active")]
    [TestCase("Node", "spec.unschedulable=false,metadata.name=n")]
    [TestCase("ReplicaSet", "status.replicas=0")]
    [TestCase("ConfigMap", "metadata.name=c")]
    public void Supported_field_labels_pass_the_check(string kind, string selector) =>
        Assert.DoesNotThrow(() => SupportedFieldSelectors.Check(Kind(kind), FieldSelector.Parse(selector)));

    [TestCase("ConfigMap", "data.key=x", "data.key")]
    [TestCase("Pod", "metadata.name=a,spec.hostname=h", "spec.hostname")]
    [TestCase("Deployment", "status.replicas=1", "status.replicas")]
    [TestCase("Service", "spec.nodeName=a", "spec.nodeName")]
    public void Unsupported_field_label_is_a_400(string kind, string selector, string field)
    {
        var error = Assert.Throws<ApiException>(() => SupportedFieldSelectors.Check(Kind(kind), FieldSelector.Parse(selector)));

        Assert.That((error.Code, error.Reason, error.Message), Is.EqualTo((400, "BadRequest", $"field label not supported: {field}")));
    }
}
