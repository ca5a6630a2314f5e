using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Apply;

/// <summary>The path elements of fieldsV1: "f:" a field, "k:" a map-list item by its keys (sorted, as JSON), "v:" a set member (as JSON).</summary>
public static class PathElements
{
    public static string Field(string name) => "f:" + name;

    public static string Value(JsonNode? value) => "v:" + GoJson.Text(value);

    /// <summary>The element of a map-list item, or null when the item is not an object or lacks a key that has no default.</summary>
    public static string? Key(JsonNode? item, ListShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (item is not JsonObject obj) return null;
        var keys = new JsonObject();
        foreach (var key in shape.Keys.Order(StringComparer.Ordinal))
        {
            if (obj[key] is JsonValue value)
            {
                keys[key] = value.DeepClone();
            }
            else if (shape.KeyDefaults is not null && shape.KeyDefaults.TryGetValue(key, out var fallback))
            {
                keys[key] = fallback;
            }
            else
            {
                return null;
            }
        }
        return "k:" + GoJson.Text(keys);
    }

    /// <summary>
    /// The elements of every item of a set or map list, or null when two items share one (or an item has no key):
    /// such a list is owned as a whole, as an atomic list is.
    /// </summary>
    public static IReadOnlyList<string>? ItemsOf(JsonArray list, ListShape shape)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Kind == ListKind.Atomic) return null;
        var elements = new List<string>(list.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            var element = shape.Kind == ListKind.Set
                ? item is JsonObject or JsonArray ? null : Value(item)
                : Key(item, shape);
            if (element is null || !seen.Add(element)) return null;
            elements.Add(element);
        }
        return elements;
    }
}
