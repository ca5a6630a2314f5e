using ChaosLab.Kubelet.Pods;
using k8s.Models;

namespace ChaosLab.Kubelet.Tests.Pods;

[Category("Unit")]
public sealed class DownwardApiTests
{
    [Test]
    public void Labels_are_sorted_key_quoted_value_lines_without_a_final_newline()
    {
        var text = DownwardApi.FormatMap(new Dictionary<string, string> { ["tier"] = "web", ["app"] = "shop", ["a.b/c"] = "" });

        Assert.That(text, Is.EqualTo("a.b/c=\"\"\napp=\"shop\"\ntier=\"web\""));
        Assert.That(DownwardApi.FormatMap(null), Is.Empty);
    }

    // Go's %q, which upstream's fieldpath.FormatMap uses.
    [TestCase("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [TestCase("back\\slash", "\"back\\\\slash\"")]
    [TestCase("two\nlines\ttab\r", "\"two\\nlines\\ttab\\r\"")]
    [TestCase("\a\b\f\v", "\"\\a\\b\\f\\v\"")]
    [TestCase("\u0001\u001f\u007f", "\"\\x01\\x1f\\x7f\"")]
    [TestCase("café ✓ 😀", "\"café ✓ 😀\"")]
    [TestCase("nbsp\u00a0zwsp\u200b", "\"nbsp\\u00a0zwsp\\u200b\"")]
    public void Annotation_values_are_quoted_as_go_quotes_them(string value, string quoted) =>
        Assert.That(DownwardApi.FormatMap(new Dictionary<string, string> { ["k"] = value }), Is.EqualTo("k=" + quoted));

    [Test]
    public void A_subscripted_label_or_annotation_that_is_not_there_is_empty()
    {
        var pod = Pod();

        Assert.That(DownwardApi.FieldValue(pod, "metadata.labels['app']", null), Is.EqualTo("shop"));
        Assert.That(DownwardApi.FieldValue(pod, "metadata.labels['none']", null), Is.Empty);
        Assert.That(DownwardApi.FieldValue(pod, "metadata.annotations['none']", null), Is.Empty);
    }

    [Test]
    public void Without_runtime_fields_the_node_comes_from_the_spec_and_addresses_are_unknown()
    {
        var pod = Pod();

        Assert.That(DownwardApi.FieldValue(pod, "spec.nodeName", null), Is.EqualTo("node-from-spec"));
        Assert.That(DownwardApi.FieldValue(pod, "spec.nodeName", new DownwardApi.PodRuntimeFields("10.0.0.1", "172.18.0.2", "node-1")), Is.EqualTo("node-1"));
        Assert.That(DownwardApi.FieldValue(pod, "status.podIP", null), Is.Null);
        Assert.That(DownwardApi.FieldValue(pod, "spec.serviceAccountName", null), Is.Empty);
    }

    [TestCase("spec.containers")]
    [TestCase("metadata.labels['unclosed")]
    [TestCase("")]
    [TestCase(null)]
    public void A_field_upstream_does_not_serve_is_null(string? path) =>
        Assert.That(DownwardApi.FieldValue(Pod(), path, null), Is.Null);

    [TestCase("limits.gpu")]
    [TestCase("memory")]
    [TestCase("claims.memory")]
    public void A_resource_upstream_does_not_serve_is_null(string resource) =>
        Assert.That(DownwardApi.ResourceValue(new V1Container { Name = "c" }, new V1ResourceFieldSelector { Resource = resource }), Is.Null);

    [Test]
    public void An_unset_limit_is_the_nodes_allocatable()
    {
        var cpu = DownwardApi.ResourceValue(new V1Container { Name = "c" }, new V1ResourceFieldSelector { Resource = "limits.cpu" });

        Assert.That(cpu, Is.EqualTo(Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("1", "1u", "1000")] // a divisor below 1m counts as 1m, as upstream's MilliValue
    [TestCase("1500m", "1", "2")]
    [TestCase("1500m", "500m", "3")]
    [TestCase("1m", "1", "1")]
    public void Cpu_is_divided_in_millicores_and_rounded_up(string limit, string divisor, string expected)
    {
        var container = new V1Container
        {
            Name = "c",
            Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(limit) } },
        };

        Assert.That(DownwardApi.ResourceValue(container, new V1ResourceFieldSelector { Resource = "limits.cpu", Divisor = new ResourceQuantity(divisor) }),
            Is.EqualTo(expected));
    }

    private static V1Pod Pod() => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "u", Labels = new Dictionary<string, string> { ["app"] = "shop" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c" }], NodeName = "node-from-spec" },
    };
}
