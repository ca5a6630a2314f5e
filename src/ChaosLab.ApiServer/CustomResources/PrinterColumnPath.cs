using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ChaosLab.ApiServer.CustomResources;

/// <summary>
/// The JSONPath subset upstream lets printer columns and scale paths use: a dotted path from the object,
/// ".spec.replicas", ".status.conditions[0].type", ".metadata.labels.app" (no filters, no wildcards).
/// </summary>
public static partial class PrinterColumnPath
{
    public static bool IsValid(string path) => Shape().IsMatch(path ?? "");

    /// <summary>The value at the path, or null when any step is missing.</summary>
    public static JsonNode? Read(JsonNode? obj, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var node = obj;
        foreach (Match step in Step().Matches(path))
        {
            if (step.Groups["index"].Success)
            {
                var index = int.Parse(step.Groups["index"].Value, CultureInfo.InvariantCulture);
                node = node is JsonArray array && index < array.Count ? array[index] : null;
            }
            else
            {
                node = node is JsonObject o ? o[step.Groups["name"].Value] : null;
            }
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }

    /// <summary>Sets the value at a path of members (no indexes), creating the objects on the way.</summary>
    public static void Write(JsonObject obj, string path, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var names = Step().Matches(path ?? "").Select(m => m.Groups["name"].Value).ToList();
        var node = obj;
        foreach (var name in names.SkipLast(1))
        {
            if (node[name] is not JsonObject next)
            {
                next = new JsonObject();
                node[name] = next;
            }
            node = next;
        }
        node[names[^1]] = value;
    }

    /// <summary>How kubectl prints a cell: strings as they are, other values as JSON.</summary>
    public static JsonNode? Cell(JsonNode? value, string type) => value switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when type is "integer" or "number" && v.GetValueKind() == JsonValueKind.Number => v.DeepClone(),
        JsonValue v when type == "boolean" && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.DeepClone(),
        _ => value.ToJsonString(),
    };

    [GeneratedRegex(@"^(\.[A-Za-z0-9_\-/]+(\[[0-9]+\])*)+$")]
    private static partial Regex Shape();

    [GeneratedRegex(@"\.(?<name>[A-Za-z0-9_\-/]+)|\[(?<index>[0-9]+)\]")]
    private static partial Regex Step();
}
