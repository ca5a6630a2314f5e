using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Http;

/// <summary>
/// Parses a JSON request body into nodes. A key written twice in an object keeps its last value, as upstream's
/// non-strict decoding does, in the place of its first. <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/>
/// alone would keep both and throw on a later lookup, long after the request was accepted (a 500).
/// </summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions NoDuplicates = new() { MaxDepth = RequestBody.MaxDepth, AllowDuplicateProperties = false };

    /// <exception cref="JsonException">The text is not one JSON value, or nests deeper than <see cref="RequestBody.MaxDepth"/>.</exception>
    public static JsonNode? Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            // The common case, with every key written once: JsonNode.Parse builds nodes only as they are used,
            // which is what keeps a 3 MiB body cheap.
            return JsonNode.Parse(json, documentOptions: NoDuplicates);
        }
        catch (JsonException)
        {
            // A key written twice, or no JSON at all: the slow path keeps the last value or throws the parse error.
            return ParseKeepingLastValues(json);
        }
    }

    /// <summary>
    /// The fields written more than once, each once, as upstream's strict decoder names them ("metadata.name",
    /// "spec.containers[0].name"): what fieldValidation=Strict refuses. The text must already parse.
    /// </summary>
    public static IReadOnlyList<string> DuplicateFields(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var duplicates = new List<string>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { MaxDepth = RequestBody.MaxDepth });
        // One frame per open object (the keys seen) or array (the next index); no recursion on the input's depth.
        var open = new Stack<(string Path, HashSet<string>? Keys, int Index)>();
        var pending = "";
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var (path, keys, _) = open.Peek();
                    var key = reader.GetString()!;
                    pending = path.Length == 0 ? key : $"{path}.{key}";
                    if (!keys!.Add(key) && !duplicates.Contains(pending))
                    {
                        duplicates.Add(pending);
                    }
                    continue;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var at = ValuePath(open, pending);
                    open.Push((at, reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null, 0));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    open.Pop();
                    Advance(open);
                    break;
                default:
                    Advance(open);
                    break;
            }
        }
        return duplicates;
    }

    /// <summary>The path of the value about to start: the pending key's in an object, "[i]" appended in an array.</summary>
    private static string ValuePath(Stack<(string Path, HashSet<string>? Keys, int Index)> open, string pending) =>
        open.TryPeek(out var parent) && parent.Keys is null ? $"{parent.Path}[{parent.Index}]" : open.Count == 0 ? "" : pending;

    /// <summary>A value ended: in an array the next one has the next index.</summary>
    private static void Advance(Stack<(string Path, HashSet<string>? Keys, int Index)> open)
    {
        if (open.TryPeek(out var parent) && parent.Keys is null)
        {
            open.Pop();
            open.Push(parent with { Index = parent.Index + 1 });
        }
    }

    private static JsonNode? ParseKeepingLastValues(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { MaxDepth = RequestBody.MaxDepth });
        // ParseValue copies the value into a document of its own that needs no disposing, so leaves may keep pointing into it.
        var root = JsonElement.ParseValue(ref reader);
        if (reader.Read())
        {
            throw new JsonException($"unexpected data after the JSON value at byte {reader.TokenStartIndex}");
        }
        return ToNode(root);
    }

    // Recursion is safe here: the reader has already refused anything deeper than RequestBody.MaxDepth.
    private static JsonNode? ToNode(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ToObject(element),
        JsonValueKind.Array => ToArray(element),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(element),
    };

    private static JsonObject ToObject(JsonElement element)
    {
        var obj = new JsonObject();
        foreach (var property in element.EnumerateObject())
        {
            obj[property.Name] = ToNode(property.Value);
        }
        return obj;
    }

    private static JsonArray ToArray(JsonElement element)
    {
        var array = new JsonArray();
        foreach (var item in element.EnumerateArray())
        {
            array.Add(ToNode(item));
        }
        return array;
    }
}
