using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Selectors;

/// <summary>
/// A field selector as upstream pkg/fields parses the fieldSelector query parameter: comma-separated
/// field=value, field==value or field!=value terms, ANDed; "\" escapes ",", "=" and "\" in values.
/// </summary>
public sealed class FieldSelector
{
    private FieldSelector(IReadOnlyList<FieldRequirement> requirements) => Requirements = requirements;

    public static FieldSelector Everything { get; } = new([]);

    public IReadOnlyList<FieldRequirement> Requirements { get; }

    /// <summary>The field labels the selector reads, for <see cref="SupportedFieldSelectors.Check"/>.</summary>
    public IReadOnlyList<string> Fields => [.. Requirements.Select(r => r.Field).Distinct()];

    public bool IsEverything => Requirements.Count == 0;

    /// <summary>Parses the fieldSelector syntax; null or empty is <see cref="Everything"/>; bad syntax is a 400.</summary>
    public static FieldSelector Parse(string? selector)
    {
        if (string.IsNullOrEmpty(selector)) return Everything;
        var requirements = new List<FieldRequirement>();
        foreach (var term in SplitTerms(selector).Order(StringComparer.Ordinal))
        {
            if (term.Length == 0) continue;
            var (field, op, value) = SplitTerm(term) ?? throw ApiException.BadRequest($"invalid selector: '{selector}'; can't understand '{term}'");
            requirements.Add(new FieldRequirement(field, op != "!=", Unescape(value)));
        }
        return new FieldSelector(requirements);
    }

    public bool Matches(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Requirements.All(r => (ValueOf(obj, r.Field) == r.Value) == r.Equal);
    }

    public override string ToString() => string.Join(',', Requirements);

    /// <summary>
    /// The value a field label selects: the JSON at its dotted path as text, "" when absent. A few upstream labels
    /// are not plain paths or default to a Go zero value; each is supported on one kind only, so one table serves.
    /// </summary>
    public static string ValueOf(JsonObject obj, string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        JsonNode? node = obj;
        foreach (var name in (Aliases.GetValueOrDefault(field) ?? field).Split('.'))
        {
            node = node is JsonObject o ? o[name] : null;
        }
        return node switch
        {
            null => ZeroValues.GetValueOrDefault(field, ""),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => node.ToJsonString(),
        };
    }

    private static readonly Dictionary<string, string> Aliases = new() { ["source"] = "source.component" };

    private static readonly Dictionary<string, string> ZeroValues = new() { ["spec.unschedulable"] = "false", ["status.replicas"] = "0" };

    /// <summary>Splits on commas not escaped by a backslash.</summary>
    private static List<string> SplitTerms(string selector)
    {
        var terms = new List<string>();
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            if (selector[i] == '\\') i++;
            else if (selector[i] == ',')
            {
                terms.Add(selector[start..i]);
                start = i + 1;
            }
        }
        terms.Add(selector[start..]);
        return terms;
    }

    /// <summary>The first operator found splits the term; != and == are tried before = at each position.</summary>
    private static (string Field, string Op, string Value)? SplitTerm(string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            foreach (var op in (string[])["!=", "==", "="])
            {
                if (string.CompareOrdinal(term, i, op, 0, op.Length) == 0) return (term[..i], op, term[(i + op.Length)..]);
            }
        }
        return null;
    }

    private static string Unescape(string value)
    {
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is ',' or '=') throw ApiException.BadRequest($"invalid field selector: unescaped character in value: '{c}'");
            if (c == '\\')
            {
                if (++i == value.Length || value[i] is not ('\\' or ',' or '='))
                    throw ApiException.BadRequest($"invalid field selector: invalid escape sequence: {value[(i - 1)..Math.Min(i + 1, value.Length)]}");
                c = value[i];
            }
            result.Append(c);
        }
        return result.ToString();
    }
}

/// <summary>One term of a field selector: Field equals (or, when Equal is false, differs from) Value.</summary>
public sealed record FieldRequirement(string Field, bool Equal, string Value)
{
    public override string ToString()
    {
        var escaped = Value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace(",", @"\,", StringComparison.Ordinal).Replace("=", @"\=", StringComparison.Ordinal);
        return $"{Field}{(Equal ? "=" : "!=")}{escaped}";
    }
}
