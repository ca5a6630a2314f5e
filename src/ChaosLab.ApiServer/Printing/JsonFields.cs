using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>Forgiving reads of wire JSON: a missing or mistyped field reads as its Go zero value.</summary>
internal static class JsonFields
{
    public static JsonNode? At(this JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var key in path)
        {
            node = node is JsonObject o && o.TryGetPropertyValue(key, out var next) ? next : null;
        }

        return node;
    }

    public static string Str(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";

    public static long? LongOrNull(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static long Long(this JsonNode? node, params ReadOnlySpan<string> path) => node.LongOrNull(path) ?? 0;

    public static bool Bool(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static bool Has(this JsonNode? node, params ReadOnlySpan<string> path) => node.At(path) is not null;

    public static IReadOnlyList<JsonObject> Objects(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonArray a ? a.OfType<JsonObject>().ToList() : [];

    public static IReadOnlyList<string> Strings(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonArray a
            ? a.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToList()
            : [];

    public static IReadOnlyList<KeyValuePair<string, string>> StringMap(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonObject o
            ? o.Select(p => KeyValuePair.Create(p.Key, p.Value.Str())).ToList()
            : [];

    public static DateTimeOffset? Time(this JsonNode? node, params ReadOnlySpan<string> path) =>
        DateTimeOffset.TryParse(node.Str(path), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    public static string Age(this JsonObject obj, DateTimeOffset now) =>
        HumanDuration.Since(obj.Time("metadata", "creationTimestamp"), now);

    /// <summary>The creation time as upstream's "Created At" cells write it: RFC 3339 in UTC, or "" when unset.</summary>
    public static string CreatedAt(this JsonObject obj) =>
        obj.Time("metadata", "creationTimestamp") is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";

    public static string Name(this JsonObject obj) => obj.Str("metadata", "name");

    public static string OrNone(this string value) => value.Length == 0 ? "<none>" : value;
}
