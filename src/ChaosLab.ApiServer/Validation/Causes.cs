using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// Field causes whose message FieldCause has no factory for, and Go's renderings of bad values (%q, %#v) so
/// messages read as upstream's do.
/// </summary>
internal static class Causes
{
    public const string Immutable = "field is immutable";
    public const string NonNegative = "must be greater than or equal to 0";

    public static FieldCause Invalid(string field, string value, string why) => InvalidRaw(field, Quote(value), why);

    public static FieldCause Invalid(string field, decimal value, string why) => InvalidRaw(field, Number(value), why);

    /// <summary>Invalid with the value already rendered as Go prints it.</summary>
    public static FieldCause InvalidRaw(string field, string rendered, string why) =>
        new("FieldValueInvalid", $"Invalid value: {rendered}: {why}", field);

    public static FieldCause Required(string field, string detail = "") =>
        FieldCause.Required(field, detail.Length == 0 ? "Required value" : $"Required value: {detail}");

    public static FieldCause NotSupported(string field, string value, IEnumerable<string> supported) =>
        new("FieldValueNotSupported", $"Unsupported value: {Quote(value)}: supported values: {string.Join(", ", supported.Select(Quote))}", field);

    public static FieldCause Duplicate(string field, string rendered) => new("FieldValueDuplicate", $"Duplicate value: {rendered}", field);

    public static FieldCause NotFound(string field, string value) => new("FieldValueNotFound", $"Not found: {Quote(value)}", field);

    public static FieldCause TooLong(string field, int maxBytes) => new("FieldValueTooLong", $"Too long: may not be more than {maxBytes} bytes", field);

    public static IEnumerable<FieldCause> Each(string field, string value, IEnumerable<string> messages) =>
        messages.Select(m => Invalid(field, value, m));

    public static IEnumerable<FieldCause> NonNegativeNumber(JsonNode? parent, string key, string field) =>
        parent.Num(key) is < 0 and var n ? [Invalid(field, n, NonNegative)] : [];

    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Go's %q for the strings these messages carry.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    /// <summary>%#v of a map[string]string: keys sorted, nil when absent.</summary>
    public static string GoMap(IReadOnlyList<KeyValuePair<string, string>>? map) =>
        map is null
            ? "map[string]string(nil)"
            : "map[string]string{" + string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{Quote(p.Key)}:{Quote(p.Value)}")) + "}";

    /// <summary>%#v of a []string.</summary>
    public static string GoStrings(IReadOnlyList<string>? items) =>
        items is null ? "[]string(nil)" : "[]string{" + string.Join(", ", items.Select(Quote)) + "}";

    /// <summary>%#v of an intstr.IntOrString, the way upstream prints maxSurge and maxUnavailable.</summary>
    public static string GoIntOrString(JsonNode? value) =>
        AsNumberOrNull(value) is { } n
            ? $"intstr.IntOrString{{Type:0, IntVal:{Number(n)}, StrVal:\"\"}}"
            : $"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{Quote(JsonAccess.Text(value))}}}";

    private static decimal? AsNumberOrNull(JsonNode? value) => value is null ? 0 : JsonAccess.AsNumber(value);
}
