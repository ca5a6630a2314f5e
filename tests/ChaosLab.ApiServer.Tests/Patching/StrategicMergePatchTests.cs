using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Patching;

namespace ChaosLab.ApiServer.Tests.Patching;

[Category("Unit")]
public sealed class StrategicMergePatchTests
{
    private const string TwoContainers = """
        {"spec":{"containers":[
          {"name":"app","image":"app:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
          {"name":"sidecar","image":"proxy:1"}]}}
        """;

    private static JsonNode Apply(string target, string patch, string kind = "Pod") =>
        StrategicMergePatch.Apply(JsonNode.Parse(target)!, JsonNode.Parse(patch)!, kind);

    private static void AssertJson(JsonNode? actual, string expected) =>
        Assert.That(JsonNode.DeepEquals(actual, JsonNode.Parse(expected)), Is.True, actual?.ToJsonString() ?? "null");

    [Test]
    public void Changing_one_containers_image_keeps_the_other_containers()
    {
        var result = Apply(TwoContainers, """{"spec":{"containers":[{"name":"sidecar","image":"proxy:2"}]}}""");

        AssertJson(result["spec"]!["containers"], """
            [{"name":"app","image":"app:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
             {"name":"sidecar","image":"proxy:2"}]
            """);
    }

    [Test]
    public void Patch_delete_directive_removes_the_list_element_with_that_merge_key()
    {
        var result = Apply(TwoContainers, """{"spec":{"containers":[{"name":"app","$patch":"delete"}]}}""");

        AssertJson(result, """{"spec":{"containers":[{"name":"sidecar","image":"proxy:1"}]}}""");
    }

    [Test]
    public void Env_merges_by_name_and_null_deletes_a_field_inside_an_element()
    {
        var result = Apply(TwoContainers, """
            {"spec":{"containers":[{"name":"app","env":[{"name":"B","value":"two"},{"name":"A","value":null,"valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}]}}
            """);

        AssertJson(result["spec"]!["containers"]![0]!["env"], """
            [{"name":"B","value":"two"},{"name":"A","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]
            """);
    }

    [Test]
    public void New_list_elements_go_before_the_live_ones_as_upstream_orders_them()
    {
        var result = Apply(TwoContainers, """{"spec":{"containers":[{"name":"init","image":"busybox","x":null}]}}""");

        Assert.That(result["spec"]!["containers"]!.AsArray().Select(c => (string?)c!["name"]), Is.EqualTo(new[] { "init", "app", "sidecar" }));
        AssertJson(result["spec"]!["containers"]![0], """{"name":"init","image":"busybox"}""");
    }

    [Test]
    public void Set_element_order_orders_patched_items_and_keeps_server_only_items_by_live_position()
    {
        // upstream patch_test.go "merge lists of maps" and "set elements order in a list with server-only items"
        var merged = Apply(
            """{"spec":{"containers":[{"name":"1","other":"a"},{"name":"2","value":2,"other":"b"}]}}""",
            """{"spec":{"$setElementOrder/containers":[{"name":"4"},{"name":"1"},{"name":"2"},{"name":"3"}],"containers":[{"name":"4","value":4},{"name":"3","value":3}]}}""");
        var reordered = Apply(
            """{"spec":{"containers":[{"name":"1","other":"a"},{"name":"3"},{"name":"4"},{"name":"2"},{"name":"9"}]}}""",
            """{"spec":{"$setElementOrder/containers":[{"name":"4"},{"name":"2"},{"name":"3"},{"name":"1"}]}}""");

        AssertJson(merged, """{"spec":{"containers":[{"name":"4","value":4},{"name":"1","other":"a"},{"name":"2","value":2,"other":"b"},{"name":"3","value":3}]}}""");
        AssertJson(reordered, """{"spec":{"containers":[{"name":"4"},{"name":"2"},{"name":"3"},{"name":"1","other":"a"},{"name":"9"}]}}""");
    }

    [Test]
    public void Set_element_order_that_contradicts_the_patch_list_is_a_400()
    {
        var error = Assert.Throws<ApiException>(() => Apply(TwoContainers,
            """{"spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"sidecar"}],"containers":[{"name":"sidecar"},{"name":"app"}]}}"""));

        Assert.That(error.Code, Is.EqualTo(400));
    }

    [Test]
    public void Retain_keys_drops_live_fields_not_listed()
    {
        var result = Apply(
            """{"spec":{"replicas":2,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}""",
            """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""", "Deployment");

        AssertJson(result, """{"spec":{"replicas":2,"strategy":{"type":"Recreate"}}}""");
    }

    [Test]
    public void Retain_keys_must_list_every_field_the_patch_sets()
    {
        var error = Assert.Throws<ApiException>(() => Apply("""{"spec":{"strategy":{}}}""",
            """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate","rollingUpdate":{}}}}""", "Deployment"));

        Assert.That((error.Code, error.Message), Is.EqualTo((400, """invalid patch format of retainKeys: rollingUpdate is not in ["type"]""")));
    }

    [Test]
    public void Service_ports_merge_by_port()
    {
        var result = Apply(
            """{"spec":{"ports":[{"name":"http","port":80,"targetPort":8080},{"name":"https","port":443}]}}""",
            """{"spec":{"ports":[{"port":80,"targetPort":9090}]}}""", "Service");

        AssertJson(result, """{"spec":{"ports":[{"name":"http","port":80,"targetPort":9090},{"name":"https","port":443}]}}""");
    }

    [Test]
    public void Container_ports_merge_by_container_port_inside_a_deployment_template()
    {
        var result = Apply(
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"name":"http"}]}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"protocol":"TCP"}]}]}}}}""", "Deployment");

        AssertJson(result, """{"spec":{"template":{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"name":"http","protocol":"TCP"}]}]}}}}""");
    }

    [Test]
    public void A_kubectl_apply_patch_sets_annotation_replicas_and_one_image()
    {
        const string Live = """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","namespace":"default","annotations":{"deployment.kubernetes.io/revision":"1"},"labels":{"app":"web"}},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
               "template":{"metadata":{"labels":{"app":"web"}},
                 "spec":{"containers":[{"name":"web","image":"nginx:1.25","ports":[{"containerPort":80}]},{"name":"log","image":"fluent:1"}]}}},
             "status":{"replicas":1}}
            """;
        const string Patch = """
            {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"kind\":\"Deployment\"}\n"}},
             "spec":{"replicas":3,"template":{"spec":{
               "$setElementOrder/containers":[{"name":"web"},{"name":"log"}],
               "containers":[{"image":"nginx:1.27","name":"web"}]}}}}
            """;

        var result = Apply(Live, Patch, "Deployment");

        Assert.That(result["metadata"]!["annotations"]!.ToJsonString(),
            Is.EqualTo("""{"deployment.kubernetes.io/revision":"1","kubectl.kubernetes.io/last-applied-configuration":"{\u0022kind\u0022:\u0022Deployment\u0022}\n"}"""));
        Assert.That((int?)result["spec"]!["replicas"], Is.EqualTo(3));
        AssertJson(result["spec"]!["template"]!["spec"], """
            {"containers":[{"name":"web","image":"nginx:1.27","ports":[{"containerPort":80}]},{"name":"log","image":"fluent:1"}]}
            """);
        AssertJson(result["status"], """{"replicas":1}""");
    }

    [Test]
    public void Finalizers_are_unioned_and_delete_from_primitive_list_removes_some()
    {
        var result = Apply("""{"metadata":{"finalizers":["a","b"]}}""",
            """{"metadata":{"$setElementOrder/finalizers":["a","c"],"finalizers":["c"],"$deleteFromPrimitiveList/finalizers":["b"]}}""", "ConfigMap");

        AssertJson(result, """{"metadata":{"finalizers":["a","c"]}}""");
    }

    [TestCase("""{"metadata":{"finalizers":["a","b"]}}""", """{"metadata":{"finalizers":["a","b"]}}""")]
    [TestCase("""{"metadata":{"name":"x"}}""", """{"metadata":{"name":"x"}}""")]
    public void A_delete_from_primitive_list_that_is_not_a_list_is_ignored_as_upstream_ignores_it(string target, string expected)
    {
        // upstream mergeMap skips a deletion list whose type differs from the live value, or whose field is absent: 200, nothing changes.
        var result = Apply(target, """{"metadata":{"$deleteFromPrimitiveList/finalizers":5}}""", "ConfigMap");

        AssertJson(result, expected);
    }

    [Test]
    public void Set_element_order_on_a_primitive_list_keeps_server_only_values()
    {
        // upstream patch_test.go "merge lists of scalars"
        var result = Apply("""{"metadata":{"finalizers":["1","2","4"]}}""",
            """{"metadata":{"$setElementOrder/finalizers":["1","2","3"],"finalizers":["3"]}}""", "Secret");

        AssertJson(result, """{"metadata":{"finalizers":["1","2","3","4"]}}""");
    }

    [Test]
    public void Lists_without_a_merge_strategy_are_replaced()
    {
        var result = Apply(
            """{"spec":{"tolerations":[{"key":"a","operator":"Exists"}],"containers":[{"name":"app","args":["x","y"]}]}}""",
            """{"spec":{"tolerations":[{"key":"b","operator":"Exists"}],"containers":[{"name":"app","args":["z"]}]}}""");

        AssertJson(result, """{"spec":{"tolerations":[{"key":"b","operator":"Exists"}],"containers":[{"name":"app","args":["z"]}]}}""");
    }

    [Test]
    public void Patch_replace_directive_replaces_a_map_or_a_whole_list()
    {
        var map = Apply("""{"metadata":{"labels":{"a":"1","b":"2"}}}""", """{"metadata":{"labels":{"$patch":"replace","c":"3"}}}""");
        var list = Apply(TwoContainers, """{"spec":{"containers":[{"name":"only","image":"x"},{"$patch":"replace"}]}}""");

        AssertJson(map, """{"metadata":{"labels":{"c":"3"}}}""");
        AssertJson(list, """{"spec":{"containers":[{"name":"only","image":"x"}]}}""");
    }

    [Test]
    public void Null_deletes_and_maps_merge_like_a_merge_patch()
    {
        var result = Apply("""{"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"nodeName":"n1"}}""",
            """{"metadata":{"labels":{"a":null,"c":"3"}},"spec":{"nodeName":null,"hostname":"h"}}""");

        AssertJson(result, """{"metadata":{"labels":{"b":"2","c":"3"}},"spec":{"hostname":"h"}}""");
    }

    [Test]
    public void Owner_references_merge_by_uid_for_any_kind()
    {
        var result = Apply("""{"metadata":{"ownerReferences":[{"uid":"1","name":"a"}]}}""",
            """{"metadata":{"ownerReferences":[{"uid":"1","controller":true},{"uid":"2","name":"b"}]}}""", "Endpoints");

        AssertJson(result, """{"metadata":{"ownerReferences":[{"uid":"1","name":"a","controller":true},{"uid":"2","name":"b"}]}}""");
    }

    [Test]
    public void Directives_never_reach_the_stored_object()
    {
        var result = Apply("{}", """
            {"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"name":"a"},{"name":"b","$patch":"delete"}],
                     "strategy":{"$retainKeys":["type"],"type":"Recreate"}}}
            """, "Deployment");

        AssertJson(result, """{"spec":{"containers":[{"name":"a"}],"strategy":{"type":"Recreate"}}}""");
    }

    [Test]
    public void Element_without_its_merge_key_is_a_400()
    {
        var error = Assert.Throws<ApiException>(() => Apply(TwoContainers, """{"spec":{"containers":[{"image":"x"}]}}"""));

        Assert.That((error.Code, error.Message), Is.EqualTo((400, """map: {"image":"x"} does not contain declared merge key: name""")));
    }

    // Found by the API server fuzz tests: an element of an ordered list, or of its $setElementOrder, that is no object threw
    // while the server looked for its merge key (a 500). It is a bad patch like any other.
    [TestCase("""{"spec":{"containers":[{"name":"app"}],"$setElementOrder/containers":[5,["c"],{}]}}""", 400)]
    [TestCase("""{"spec":{"containers":[["c"]],"$setElementOrder/containers":[{"name":"app"}]}}""", 400)]
    [TestCase("""{"spec":{"containers":[["c"]],"$setElementOrder/containers":[{"name":"app"},{"image":"x"}]}}""", 422)]
    public void An_ordered_list_with_elements_that_are_not_objects_is_refused(string patch, int code)
    {
        var error = Assert.Throws<ApiException>(() => Apply(TwoContainers, patch));

        Assert.That(error!.Code, Is.EqualTo(code), error.Message);
    }

    [Test]
    public void Neither_input_is_modified()
    {
        var target = JsonNode.Parse(TwoContainers)!;
        var patch = JsonNode.Parse("""{"spec":{"containers":[{"name":"app","$patch":"delete"},{"name":"sidecar","image":"proxy:2"}]}}""")!;
        var before = (target.ToJsonString(), patch.ToJsonString());

        StrategicMergePatch.Apply(target, patch, "Pod");

        Assert.That((target.ToJsonString(), patch.ToJsonString()), Is.EqualTo(before));
    }

    [Test]
    public void Merge_key_table_serves_the_openapi_extensions()
    {
        Assert.That(PatchMergeKeys.For("Deployment", "spec.template.spec.containers[].env"), Is.EqualTo(new FieldPatchMeta("merge", "name")));
        Assert.That(PatchMergeKeys.For("Pod", "spec.volumes"), Is.EqualTo(new FieldPatchMeta("merge,retainKeys", "name")));
        Assert.That(PatchMergeKeys.For("Node", "status.addresses"), Is.EqualTo(new FieldPatchMeta("merge", "type")));
        Assert.That(PatchMergeKeys.For("Lease", "metadata.finalizers"), Is.EqualTo(new FieldPatchMeta("merge", null)));
        Assert.That(PatchMergeKeys.For("Endpoints", "subsets")?.Replaces, Is.True);
        Assert.That(PatchMergeKeys.For("Pod", "spec.template.spec.containers"), Is.Null);
    }
}
