using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ChaosLab.ApiServer.Http;

/// <summary>
/// Reads a YAML request body as JSON, typing plain scalars the way YAML 1.2's core schema does.
/// Nothing here recurses on the input's depth: the body may be hostile, and a stack overflow kills the server.
/// A key written twice in a mapping keeps its first position and its last value, as in a JSON body.
/// </summary>
public static class YamlToJson
{
    public static JsonNode? Convert(string yaml) => Convert(yaml, strict: false);

    /// <summary>
    /// <paramref name="strict"/> (fieldValidation=Strict) refuses a mapping that sets a key twice, as upstream's strict
    /// decoder does after YAMLToJSONStrict, with go-yaml's words; otherwise the last value counts.
    /// </summary>
    public static JsonNode? Convert(string yaml, bool strict)
    {
        YamlValue document;
        IReadOnlyList<DuplicateKey> duplicates;
        try
        {
            document = ReadSingleDocument(yaml, out duplicates);
        }
        catch (YamlException ex)
        {
            throw ApiException.BadRequest($"error converting YAML to JSON: yaml: line {ex.Start.Line}: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet reports some malformed flow collections this way instead of as YamlException.
            throw ApiException.BadRequest($"error converting YAML to JSON: yaml: unexpected end of a flow collection (line {yaml.Split('\n').Length}): {ex.Message}");
        }
        if (strict && duplicates.Count > 0)
        {
            throw ApiException.BadRequest("strict decoding error: error converting YAML to JSON: yaml: unmarshal errors:"
                + string.Concat(duplicates.Select(d => $"\n  line {d.At.Line}: key {GoQuote(d.Key)} already set in map")));
        }
        return ToJson(document);
    }

    /// <summary>A key as go-yaml prints it with %#v: a Go string literal.</summary>
    private static string GoQuote(string key) =>
        "\"" + key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    /// <summary>A 400 for a document that parses but cannot be turned into JSON, naming the line.</summary>
    internal static ApiException Error(Mark at, string reason) =>
        ApiException.BadRequest($"error converting YAML to JSON: yaml: line {at.Line}: {reason}");

    private static YamlValue ReadSingleDocument(string yaml, out IReadOnlyList<DuplicateKey> duplicates)
    {
        duplicates = [];
        var parser = new Parser(new StringReader(yaml));
        YamlValue? first = null;
        var documents = 0;
        while (parser.MoveNext())
        {
            // Documents after the first are only parsed and counted, for the message.
            if (parser.Current is DocumentStart && ++documents == 1)
            {
                first = YamlEventReader.ReadDocument(parser, out duplicates);
            }
        }
        if (documents != 1 || first is null)
        {
            throw ApiException.BadRequest($"expected one YAML document, got {documents}");
        }
        return first;
    }

    /// <summary>Expands the document into JSON nodes, aliases included, with a work list instead of recursion.</summary>
    private static JsonNode? ToJson(YamlValue document)
    {
        var pending = new Stack<(YamlValue Value, JsonNode Node)>();
        var root = NewNode(document, pending);
        while (pending.TryPop(out var next))
        {
            if (next.Node is JsonArray array)
            {
                foreach (var item in next.Value.Items)
                {
                    array.Add(NewNode(item, pending));
                }
            }
            else
            {
                var obj = (JsonObject)next.Node;
                foreach (var (key, value) in next.Value.Entries)
                {
                    obj[key] = NewNode(value, pending);
                }
            }
        }
        return root;
    }

    /// <summary>A scalar's JSON value, or an empty collection queued to be filled.</summary>
    private static JsonNode? NewNode(YamlValue value, Stack<(YamlValue Value, JsonNode Node)> pending)
    {
        JsonNode node;
        switch (value.Kind)
        {
            case YamlValueKind.Sequence:
                node = new JsonArray();
                break;
            case YamlValueKind.Mapping:
                node = new JsonObject();
                break;
            default:
                return Scalar(value.Text, value.Style);
        }
        pending.Push((value, node));
        return node;
    }

    private static JsonNode? Scalar(string text, ScalarStyle style)
    {
        if (style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }
        if (text.Length > 0 && (char.IsDigit(text[0]) || text[0] is '-' or '+' or '.') && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }
        return JsonValue.Create(text);
    }
}
