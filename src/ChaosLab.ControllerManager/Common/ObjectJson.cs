using System.Text.Json.Nodes;
using k8s;

namespace ChaosLab.ControllerManager.Common;

/// <summary>
/// Deep copies and semantic comparison of API objects through their JSON form. The model types are
/// records whose lists compare by reference, so equality has to go through the wire format.
/// </summary>
internal static class ObjectJson
{
    public static T Clone<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));

    /// <summary>
    /// JSON with sorted keys and without nulls, empty lists or empty objects: two objects that the
    /// API server would store the same way give the same text (apiequality.Semantic for our purposes).
    /// </summary>
    /// <param name="dropZeroes">
    /// Also treat 0 and false as absent: Go's omitempty drops them from many fields, and a controller
    /// that saw a difference there would write for ever. Off for hashing, where every value counts.
    /// </param>
    public static string Canonical(object? obj, bool dropZeroes = true)
    {
        if (obj is null)
        {
            return "null";
        }
        var node = JsonNode.Parse(KubernetesJson.Serialize(obj));
        return Normalize(node, dropZeroes)?.ToJsonString() ?? "null";
    }

    /// <summary>Equal after <see cref="Canonical"/> (with zeroes dropped).</summary>
    public static bool SemanticallyEqual(object? a, object? b) => Canonical(a) == Canonical(b);

    private static JsonNode? Normalize(JsonNode? node, bool dropZeroes)
    {
        switch (node)
        {
            case JsonObject obj:
                var sorted = new JsonObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (Normalize(value, dropZeroes) is { } normalized)
                    {
                        sorted[key] = normalized;
                    }
                }
                return sorted.Count == 0 ? null : sorted;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(Normalize(item, dropZeroes) ?? JsonValue.Create(0));
                }
                return items.Count == 0 ? null : items;
            case null:
                return null;
            case JsonValue value when dropZeroes && IsZeroOrFalse(value):
                return null;
            default:
                return node.DeepClone();
        }
    }

    private static bool IsZeroOrFalse(JsonValue value) =>
        (value.TryGetValue<bool>(out var flag) && !flag)
        || (value.TryGetValue<double>(out var number) && number == 0);
}
