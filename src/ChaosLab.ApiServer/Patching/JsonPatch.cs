using System.Globalization;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Patching;

/// <summary>
/// JSON patch (RFC 6902, application/json-patch+json). A malformed operation is a 400; an operation that does not
/// apply to the document (missing path, bad index, failed test) is a 422 Invalid, as upstream answers.
/// </summary>
public static class JsonPatch
{
    /// <summary>Applies the operations in order to a copy of <paramref name="target"/>; all or nothing.</summary>
    public static JsonNode Apply(JsonNode target, JsonArray operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var doc = target?.DeepClone();
        foreach (var operation in operations)
        {
            doc = ApplyOne(doc, operation);
        }
        return doc ?? throw new ApiException(422, "Invalid", "jsonpatch result is null, not a JSON document");
    }

    private static JsonNode? ApplyOne(JsonNode? doc, JsonNode? operation)
    {
        if (operation is not JsonObject o) throw ApiException.BadRequest($"jsonpatch operation must be an object, got {Text(operation)}");
        var op = Member(o, "op");
        if (op is not ("add" or "remove" or "replace" or "move" or "copy" or "test"))
            throw ApiException.BadRequest($"jsonpatch operation \"{op}\" is not supported: expected add, remove, replace, move, copy or test");
        var path = Pointer.Parse(op, "path", Member(o, "path"));
        switch (op)
        {
            case "add": return Add(op, doc, path, Value(o, op)?.DeepClone());
            case "remove": return Remove(op, doc, path, out _);
            case "replace": return Replace(doc, path, Value(o, op)?.DeepClone());
            case "move":
            {
                var from = Pointer.Parse(op, "from", Member(o, "from"));
                if (path.Text.StartsWith(from.Text + "/", StringComparison.Ordinal))
                    throw Fail(op, $"cannot move {from.Text} into its own child {path.Text}");
                if (from.Text == path.Text)
                {
                    Get(op, doc, from, "from path");
                    return doc;
                }
                doc = Remove(op, doc, from, out var moved, "from path");
                return Add(op, doc, path, moved);
            }
            case "copy":
            {
                var from = Pointer.Parse(op, "from", Member(o, "from"));
                return Add(op, doc, path, Get(op, doc, from, "from path")?.DeepClone());
            }
            default:
            {
                var expected = Value(o, op);
                var actual = Get(op, doc, path, "path");
                if (!JsonNode.DeepEquals(actual, expected))
                    throw Fail(op, $"value at {path.Text} is {Text(actual)}, not {Text(expected)}");
                return doc;
            }
        }
    }

    private static JsonNode? Add(string op, JsonNode? doc, Pointer path, JsonNode? value)
    {
        if (path.IsRoot) return value;
        switch (Get(op, doc, path.Parent, "path", path))
        {
            case JsonObject parent:
                parent[path.Last] = value;
                return doc;
            case JsonArray array:
                array.Insert(path.Last == "-" ? array.Count : Index(op, path, array.Count), value);
                return doc;
            default: throw Missing(op, "path", path);
        }
    }

    private static JsonNode? Remove(string op, JsonNode? doc, Pointer path, out JsonNode? removed, string what = "path")
    {
        if (path.IsRoot) throw Fail(op, "cannot remove the whole document");
        removed = Get(op, doc, path, what);
        switch (Get(op, doc, path.Parent, what, path))
        {
            case JsonObject parent: parent.Remove(path.Last); break;
            case JsonArray array: array.RemoveAt(Index(op, path, array.Count - 1)); break;
        }
        return doc;
    }

    /// <summary>
    /// As upstream's library (evanphx/json-patch v4) replaces: the parent must exist, but a member missing from an object
    /// is set as if added, unlike RFC 6902; only an array index must already be there.
    /// </summary>
    private static JsonNode? Replace(JsonNode? doc, Pointer path, JsonNode? value)
    {
        if (path.IsRoot) return value;
        switch (Get("replace", doc, path.Parent, "path", path))
        {
            case JsonObject parent:
                parent[path.Last] = value;
                break;
            case JsonArray array:
                Get("replace", doc, path, "path");
                array[Index("replace", path, array.Count - 1)] = value;
                break;
            default: throw Missing("replace", "path", path);
        }
        return doc;
    }

    /// <summary>The node at <paramref name="path"/>; a 422 naming <paramref name="what"/> and the operation's pointer when the document lacks it.</summary>
    private static JsonNode? Get(string op, JsonNode? doc, Pointer path, string what, Pointer? operationPath = null)
    {
        var node = doc;
        foreach (var token in path.Tokens)
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when TryIndex(token, a.Count - 1, out var i) => a[i],
                _ => throw Missing(op, what, operationPath ?? path),
            };
        }
        return node;
    }

    private static int Index(string op, Pointer path, int max) =>
        TryIndex(path.Last, max, out var index) ? index : throw Fail(op, $"invalid array index {path.Last} in {path.Text}");

    /// <summary>RFC 6901 array index: "0" or digits without a leading zero, at most <paramref name="max"/>.</summary>
    private static bool TryIndex(string token, int max, out int index)
    {
        index = -1;
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit)) return false;
        return int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index <= max;
    }

    private static string Member(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw ApiException.BadRequest($"jsonpatch operation {Text(o)} is missing the string field \"{name}\"");

    private static JsonNode? Value(JsonObject o, string op) =>
        o.TryGetPropertyValue("value", out var value) ? value : throw ApiException.BadRequest($"jsonpatch {op} operation {Text(o)} is missing the field \"value\"");

    private static string Text(JsonNode? node) => GoJson.Text(node);

    private static ApiException Missing(string op, string what, Pointer path) => Fail(op, $"doc is missing {what}: {path.Text}");

    private static ApiException Fail(string op, string detail) => new(422, "Invalid", $"jsonpatch {op} operation does not apply: {detail}");

    /// <summary>An RFC 6901 JSON pointer: "" is the whole document, "/a/0/b~1c" walks members and indexes.</summary>
    private sealed record Pointer(string Text, IReadOnlyList<string> Tokens)
    {
        public bool IsRoot => Tokens.Count == 0;

        public string Last => Tokens[^1];

        public Pointer Parent => new(Text[..Text.LastIndexOf('/')], Tokens.Take(Tokens.Count - 1).ToList());

        public static Pointer Parse(string op, string field, string text)
        {
            if (text.Length > 0 && text[0] != '/') throw Fail(op, $"{field} {text} is not a JSON pointer: it must be empty or start with /");
            var tokens = text.Length == 0 ? [] : text[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
            return new Pointer(text, tokens);
        }
    }
}
