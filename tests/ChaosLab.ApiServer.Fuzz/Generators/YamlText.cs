using System.Text;
using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Fuzz.Generators;

/// <summary>
/// YAML texts: a JSON document in block style (so the YAML parser, not its JSON subset, reads it), nesting as deep
/// as asked, and the "billion laughs": anchors whose aliases expand to fan-out^levels values.
/// </summary>
public static class YamlText
{
    public static string Block(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = new StringBuilder();
        Mapping(text, document, 0);
        return text.ToString();
    }

    /// <summary><paramref name="document"/> with <paramref name="key"/> appended: flow lists or block mappings <paramref name="depth"/> deep.</summary>
    public static string WithDeepValue(JsonObject document, string key, int depth, bool flow)
    {
        var text = new StringBuilder(Block(document)).Append(key).Append(':');
        if (flow)
        {
            return text.Append(' ').Append('[', depth).Append(']', depth).Append('\n').ToString();
        }
        text.Append('\n');
        for (var level = 1; level <= depth; level++)
        {
            text.Append(' ', 2 * level).Append("a:").Append(level == depth ? " 1\n" : "\n");
        }
        return text.ToString();
    }

    /// <summary><paramref name="document"/> with an unknown key holding <paramref name="levels"/> levels of <paramref name="fanOut"/> aliases each.</summary>
    public static string WithAliasBomb(JsonObject document, int fanOut, int levels)
    {
        var text = new StringBuilder(Block(document)).Append("fuzzBomb:\n");
        text.Append("  l0: &l0 [").AppendJoin(", ", Enumerable.Repeat("\"lol\"", fanOut)).Append("]\n");
        for (var level = 1; level <= levels; level++)
        {
            text.Append($"  l{level}: &l{level} [").AppendJoin(", ", Enumerable.Repeat($"*l{level - 1}", fanOut)).Append("]\n");
        }
        return text.ToString();
    }

    /// <summary>How many values the bomb's aliases expand to.</summary>
    public static double AliasExpansion(int fanOut, int levels) => Math.Pow(fanOut, levels + 1);

    private static void Mapping(StringBuilder text, JsonObject obj, int indent)
    {
        foreach (var (key, value) in obj)
        {
            text.Append(' ', indent).Append(Quote(key)).Append(':');
            Value(text, value, indent);
        }
    }

    private static void Value(StringBuilder text, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } obj:
                text.Append('\n');
                Mapping(text, obj, indent + 2);
                break;
            case JsonArray { Count: > 0 } array:
                text.Append('\n');
                foreach (var item in array)
                {
                    text.Append(' ', indent + 2).Append('-');
                    // A list item that is a mapping starts on the dash's line in YAML; here it starts below, indented.
                    Value(text, item, indent + 2);
                }
                break;
            default:
                text.Append(' ').Append(JsonGen.Render(value)).Append('\n');
                break;
        }
    }

    /// <summary>A key as a double-quoted scalar: JSON's escapes are YAML's.</summary>
    private static string Quote(string key) => JsonValue.Create(key).ToJsonString();
}
