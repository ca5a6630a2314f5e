using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Validation;

/// <summary>Null-tolerant reads and writes over wire JSON. A JSON null counts as absent, as it does when Go decodes.</summary>
internal static class JsonAccess
{
    public static JsonObject? Obj(this JsonNode? node, string key) => (node as JsonObject)?[key] as JsonObject;

    public static JsonArray? Arr(this JsonNode? node, string key) => (node as JsonObject)?[key] as JsonArray;

    public static bool Has(this JsonNode? node, string key) => (node as JsonObject)?[key] is not null;

    public static string? Str(this JsonNode? node, string key) =>
        (node as JsonObject)?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The string, or "" when absent: Go's zero value for a string field.</summary>
    public static string S(this JsonNode? node, string key) => node.Str(key) ?? "";

    public static decimal? Num(this JsonNode? node, string key) => AsNumber((node as JsonObject)?[key]);

    public static bool Bool(this JsonNode? node, string key) =>
        (node as JsonObject)?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static decimal? AsNumber(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number &&
        decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>A JSON value as the text Go would hold in a string field (numbers and booleans as written).</summary>
    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    /// <summary>The objects of an array with their indexes; non-objects are skipped but keep their index.</summary>
    public static IEnumerable<(int Index, JsonObject Item)> Items(this JsonNode? node, string key)
    {
        var array = node.Arr(key);
        if (array is null) yield break;
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject item) yield return (i, item);
        }
    }

    public static IReadOnlyList<string> Strings(this JsonNode? node, string key) =>
        node.Arr(key)?.Select(Text).ToList() ?? [];

    /// <summary>A string map (labels, selector, data) in its JSON order; null when the field is absent.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Map(this JsonNode? node, string key) =>
        node.Obj(key)?.Select(p => KeyValuePair.Create(p.Key, Text(p.Value))).ToList();

    public static JsonObject Ensure(this JsonObject obj, string key)
    {
        if (obj[key] is JsonObject existing) return existing;
        var created = new JsonObject();
        obj[key] = created;
        return created;
    }

    public static void SetDefault(this JsonObject obj, string key, JsonNode value)
    {
        if (obj[key] is null) obj[key] = value;
    }

    public static void SetDefault(this JsonObject obj, string key, long number) => obj.SetDefault(key, Number(number));

    /// <summary>
    /// A number node as if parsed from the wire, so readers can take it as int, long or double alike
    /// (a node made from a CLR long refuses GetValue&lt;int&gt;).
    /// </summary>
    public static JsonNode Number(long value) => JsonNode.Parse(value.ToString(CultureInfo.InvariantCulture))!;

    /// <summary>Replaces obj[key] with a copy of source[key], or removes it when the source has none.</summary>
    public static void CopyFrom(this JsonObject obj, JsonObject source, string key)
    {
        if (source[key] is { } value) obj[key] = value.DeepClone();
        else obj.Remove(key);
    }

    /// <summary>
    /// Equality as Go's apiequality.Semantic sees two decoded objects: absent, null, "", false, [] and {} are all
    /// the zero value, and numbers compare by value.
    /// </summary>
    public static bool SemanticEquals(JsonNode? a, JsonNode? b)
    {
        if (IsZero(a) || IsZero(b)) return IsZero(a) && IsZero(b);
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                var keys = x.Where(p => !IsZero(p.Value)).Select(p => p.Key)
                    .Union(y.Where(p => !IsZero(p.Value)).Select(p => p.Key));
                return keys.All(k => SemanticEquals(x[k], y[k]));
            case (JsonArray x, JsonArray y):
                return x.Count == y.Count && x.Select((item, i) => SemanticEquals(item, y[i])).All(e => e);
            default:
                var (m, n) = (AsNumber(a), AsNumber(b));
                return m is not null && n is not null ? m == n : JsonNode.DeepEquals(a, b);
        }
    }

    private static bool IsZero(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.All(p => IsZero(p.Value)),
        JsonArray a => a.Count == 0,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.Null or JsonValueKind.False => true,
            JsonValueKind.String => v.GetValue<string>().Length == 0,
            _ => false,
        },
        _ => false,
    };
}
