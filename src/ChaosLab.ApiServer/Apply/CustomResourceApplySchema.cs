using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Apply;

/// <summary>
/// The apply schema of a custom resource, from its version's openAPIV3Schema: x-kubernetes-list-type (map with
/// x-kubernetes-list-map-keys, set, atomic; a list that says nothing is atomic) and x-kubernetes-map-type: atomic.
/// </summary>
public sealed class CustomResourceApplySchema(JsonObject? schema) : IApplySchema
{
    public ListShape ListAt(string path)
    {
        var node = Resolve(path);
        if (node is null || (string?)node["type"] != "array")
        {
            return ListShape.Atomic;
        }
        return (string?)node["x-kubernetes-list-type"] switch
        {
            "set" => ListShape.Set,
            "map" when node["x-kubernetes-list-map-keys"] is JsonArray { Count: > 0 } keys =>
                new ListShape(ListKind.Map, [.. keys.Select(k => (string?)k ?? "")], KeyDefaults(node, keys)),
            _ => ListShape.Atomic,
        };
    }

    public bool IsAtomicObject(string path) =>
        Resolve(path) is { } node && (string?)node["x-kubernetes-map-type"] == "atomic";

    private static Dictionary<string, string>? KeyDefaults(JsonObject list, JsonArray keys)
    {
        var properties = list["items"]?["properties"] as JsonObject;
        var defaults = new Dictionary<string, string>();
        foreach (var key in keys.Select(k => (string?)k ?? ""))
        {
            if (properties?[key]?["default"] is JsonValue value && value.TryGetValue<string>(out var text))
            {
                defaults[key] = text;
            }
        }
        return defaults.Count > 0 ? defaults : null;
    }

    /// <summary>The schema node at a dotted path, stepping through array items and additionalProperties as the object does.</summary>
    private JsonObject? Resolve(string path)
    {
        var node = schema;
        foreach (var segment in path.Split('.'))
        {
            node = Items(node);
            if (node is null) return null;
            node = node["properties"]?[segment] as JsonObject ?? node["additionalProperties"] as JsonObject;
        }
        return node;

        static JsonObject? Items(JsonObject? node)
        {
            while ((string?)node?["type"] == "array")
            {
                node = node["items"] as JsonObject;
            }
            return node;
        }
    }
}
