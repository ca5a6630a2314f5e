using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Apply;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Tests.Apply;

[Category("Unit")]
public sealed class ApplyMergeTests
{
    private static readonly IApplySchema Pod = new BuiltInApplySchema("Pod");

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    [Test]
    public void Keyed_items_merge_by_key_and_live_only_items_keep_their_place()
    {
        var live = Obj("""{"spec":{"containers":[{"name":"a","image":"1","imagePullPolicy":"Always"},{"name":"side","image":"s"}]}}""");
        var config = Obj("""{"spec":{"containers":[{"name":"a","image":"2"},{"name":"b","image":"3"}]}}""");

        var merged = ApplyMerge.Merge(live, config, Pod);

        Assert.That(merged.ToJsonString(GoJson.Options), Is.EqualTo(
            """{"spec":{"containers":[{"name":"a","image":"2","imagePullPolicy":"Always"},{"name":"side","image":"s"},{"name":"b","image":"3"}]}}"""));
    }

    [Test]
    public void Atomic_lists_and_selectors_are_replaced_maps_merge_key_by_key()
    {
        var live = Obj("""{"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"tolerations":[{"key":"x"}],"selector":{"matchLabels":{"a":"1"}}}}""");
        var config = Obj("""{"metadata":{"labels":{"b":"3"}},"spec":{"tolerations":[{"key":"y"}],"selector":{"matchLabels":{"c":"1"}}}}""");

        var merged = ApplyMerge.Merge(live, config, new BuiltInApplySchema("Deployment"));

        Assert.That(merged.ToJsonString(GoJson.Options), Is.EqualTo("""{"metadata":{"labels":{"a":"1","b":"3"}},"spec":{"tolerations":[{"key":"y"}],"selector":{"matchLabels":{"c":"1"}}}}"""));
    }

    [Test]
    public void Pruning_removes_released_fields_keeps_owned_ones_and_drops_emptied_maps()
    {
        var obj = Obj("""{"data":{"gone":"1"},"metadata":{"labels":{"mine":"1","theirs":"2"}}}""");
        var remove = FieldSet.FromFieldsV1(JsonNode.Parse("""{"f:data":{"f:gone":{}},"f:metadata":{"f:labels":{"f:mine":{},"f:theirs":{}}}}"""))!;
        var keep = FieldSet.FromFieldsV1(JsonNode.Parse("""{"f:metadata":{"f:labels":{"f:theirs":{}}}}"""))!;

        ApplyMerge.Prune(obj, remove.Difference(keep), keep, new BuiltInApplySchema("ConfigMap"));

        Assert.That(obj.ToJsonString(GoJson.Options), Is.EqualTo("""{"metadata":{"labels":{"theirs":"2"}}}"""));
    }

    [Test]
    public void Pruning_a_keyed_item_removes_it_from_its_list()
    {
        var obj = Obj("""{"spec":{"containers":[{"name":"a","image":"1"},{"name":"b","image":"2"}]}}""");
        var remove = FieldSet.FromFieldsV1(JsonNode.Parse("""{"f:spec":{"f:containers":{"k:{\"name\":\"b\"}":{".":{},"f:image":{},"f:name":{}}}}}"""))!;

        ApplyMerge.Prune(obj, remove, new FieldSet(), Pod);

        Assert.That(obj.ToJsonString(GoJson.Options), Is.EqualTo("""{"spec":{"containers":[{"name":"a","image":"1"}]}}"""));
    }
}
