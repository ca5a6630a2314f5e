using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;

namespace ChaosLab.ApiServer.Fuzz.Generators;

/// <summary>
/// Arbitrary JSON values, shallow and small (they go under unknown keys and into patches), and raw literals that a
/// <see cref="JsonNode"/> cannot hold (1e400, a 30-digit integer) spliced in when the document is rendered.
/// </summary>
public static partial class JsonGen
{
    private const string RawMarker = "@@raw@@";

    public static Gen<string> Key { get; } = Pick.OneOf(
        Gen.OneOf("a", "b", "fz", "x-y", "", "0", "-", "~1", "$patch", "metadata", "spec", "name", "ünï", "a.b/c"),
        Gen.String.AlphaNumeric.Select(s => s.Length > 12 ? s[..12] : s));

    public static Gen<string> Text { get; } = Pick.OneOf(
        Gen.OneOf("", " ", "x", "null", "true", "0", "-1", "é", "😀", "\u0000", "a\nb", "\\", "\"", "'", "${x}", "%00", "<script>", "\u202e"),
        Gen.String[0, 24]);

    public static Gen<JsonNode?> Scalar { get; } = Pick.OneOf<JsonNode?>(
        Gen.Const<JsonNode?>((JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Int[-3, 3].Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)JsonValue.Create(d) : JsonValue.Create(0.5)),
        Text.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.OneOf("1e400", "-1e400", "123456789012345678901234567890", "-0", "1E-400", "0.0000000000000000000001").Select(literal => (JsonNode?)Raw(literal)));

    /// <summary>Any JSON value, at most three levels deep and a few members wide.</summary>
    public static Gen<JsonNode?> Value { get; } = Gen.Recursive<JsonNode?>((depth, self) => depth >= 3
        ? Scalar
        : Pick.Frequency(
            (4, Scalar),
            (1, self.Array[0, 3].Select(items => (JsonNode?)new JsonArray(items))),
            (1, Gen.Select(Key, self).Array[0, 3].Select(Object))));

    /// <summary>A JSON object made of arbitrary members (a later duplicate key wins).</summary>
    public static Gen<JsonObject> Members { get; } = Gen.Select(Key, Value).Array[0, 3].Select(members => (JsonObject)Object(members)!);

    /// <summary>A number literal kept verbatim in the rendered text.</summary>
    public static JsonNode Raw(string literal) => JsonValue.Create(RawMarker + literal + RawMarker);

    /// <summary>The document as text, raw literals spliced in.</summary>
    public static string Render(JsonNode? node) =>
        node is null ? "null" : RawLiteral().Replace(node.ToJsonString(), m => m.Groups[1].Value);

    private static JsonNode? Object((string Key, JsonNode? Value)[] members)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in members)
        {
            obj[key] = value?.DeepClone();
        }
        return obj;
    }

    [GeneratedRegex("\"@@raw@@(.*?)@@raw@@\"")]
    private static partial Regex RawLiteral();
}
