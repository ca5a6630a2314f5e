using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Fuzz.Support;
using CsCheck;

namespace ChaosLab.ApiServer.Fuzz.Generators;

/// <summary>
/// Strategic merge patches of the lists that merge (finalizers, owner references, containers, ports): items with and
/// without their merge key, of other types, carrying $patch, next to $setElementOrder, $deleteFromPrimitiveList and
/// $retainKeys of any shape. Whether upstream takes one is not worked out here; the server must answer each without a 5xx.
/// </summary>
public static class SmpLists
{
    private sealed record MergeList(string Parent, string Field, string MergeKey, string[] Kinds);

    private static readonly MergeList[] Lists =
    [
        new("metadata", "finalizers", "", []),
        new("metadata", "ownerReferences", "uid", []),
        new("spec", "containers", "name", ["Pod"]),
        new("spec.template.spec", "containers", "name", ["Deployment", "ReplicaSet"]),
        new("spec", "ports", "port", ["Service"]),
    ];

    public static Gen<BodyCase> For(ServedKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var lists = Lists.Where(l => l.Kinds.Length == 0 || l.Kinds.Contains(kind.Kind)).ToArray();
        return from list in Gen.OneOf(lists)
               from items in Item(list).Array[0, 3]
               from order in Item(list).Array[0, 3]
               from deleted in Item(list).Array[0, 2]
               from parts in Gen.Int[1, 15]
               select Build(list, items, order, deleted, parts);
    }

    /// <summary><paramref name="parts"/> picks (as bits) which of the list, its order, its deletions and $retainKeys the patch holds.</summary>
    private static BodyCase Build(MergeList list, JsonNode?[] items, JsonNode?[] order, JsonNode?[] deleted, int parts)
    {
        var at = new JsonObject();
        if ((parts & 1) != 0) at[list.Field] = Array(items);
        if ((parts & 2) != 0) at[$"$setElementOrder/{list.Field}"] = Array(order);
        if ((parts & 4) != 0) at[$"$deleteFromPrimitiveList/{list.Field}"] = Array(deleted);
        if ((parts & 8) != 0) at["$retainKeys"] = new JsonArray(list.Field, "name", 5);
        var patch = at;
        foreach (var name in list.Parent.Split('.').Reverse())
        {
            patch = new JsonObject { [name] = patch };
        }
        var text = JsonGen.Render(patch);
        return new BodyCase(text, PatchGen.StrategicMergePatch, false, $"list directives on {list.Parent}.{list.Field}");
    }

    private static JsonArray Array(JsonNode?[] items) => new([.. items.Select(i => i?.DeepClone())]);

    /// <summary>An element as a patch might hold it: keyed, keyless, a directive, a scalar, a list, or null.</summary>
    private static Gen<JsonNode?> Item(MergeList list)
    {
        var key = list.MergeKey;
        JsonNode? Keyed(JsonNode value, params (string, JsonNode?)[] more)
        {
            var item = new JsonObject { [key] = value };
            foreach (var (name, v) in more) item[name] = v;
            return item;
        }
        return key.Length == 0
            ? Gen.OneOf<JsonNode?>("a/b", "c/d", 5, true, null).Select(v => v?.DeepClone())
            : Pick.OneOf(
                Gen.OneOf("c", "d", "x").Select(name => Keyed(key == "port" ? JsonValue.Create(name.Length * 80)! : name, ("image", "fz"))),
                Gen.OneOf("delete", "replace", "merge", "bogus").Select(d => Keyed("c", ("$patch", d))),
                Gen.Const<JsonNode?>(() => new JsonObject { ["image"] = "no-key" }),
                Gen.Const<JsonNode?>(() => new JsonObject { ["$patch"] = "delete" }),
                Gen.OneOf<JsonNode?>("c", 5, null).Select(v => v?.DeepClone()),
                Gen.Const<JsonNode?>(() => new JsonArray("c")),
                Gen.Const<JsonNode?>(() => new JsonObject()));
    }
}
