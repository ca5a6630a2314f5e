using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.CustomResources;

/// <summary>
/// Checks a custom object against its version's openAPIV3Schema, with the keywords a structural schema allows
/// and messages worded as upstream's (kube-openapi): "spec.replicas in body must be of type integer: "string"".
/// CEL rules (x-kubernetes-validations) are not evaluated.
/// </summary>
public static class SchemaValidator
{
    private static readonly HashSet<string> RootMembers = ["apiVersion", "kind", "metadata"];

    /// <summary>The invalid fields of a whole object; apiVersion, kind and metadata are the server's and are checked elsewhere.</summary>
    public static IReadOnlyList<FieldCause> ValidateObject(JsonObject obj, JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        var causes = new List<FieldCause>();
        var body = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (!RootMembers.Contains(key))
            {
                body[key] = value?.DeepClone();
            }
        }
        var rootSchema = schema.DeepClone().AsObject();
        if (rootSchema["required"] is JsonArray required)
        {
            rootSchema["required"] = new JsonArray(required.Where(r => !RootMembers.Contains(JsonAccess.Text(r))).Select(r => r?.DeepClone()).ToArray());
        }
        Validate(body, rootSchema, "", causes);
        return causes;
    }

    public static void Validate(JsonNode? value, JsonObject schema, string path, List<FieldCause> causes)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(causes);
        var type = schema.Str("type");
        if (value is null)
        {
            if (!schema.Bool("nullable") && (type is not null || schema.Bool("x-kubernetes-int-or-string")))
            {
                causes.Add(TypeError(path, type ?? "integer-or-string", "null"));
            }
            return;
        }
        var actual = TypeName(value);
        if (schema.Bool("x-kubernetes-int-or-string"))
        {
            if (actual is not ("integer" or "string"))
            {
                causes.Add(TypeError(path, "integer-or-string", actual));
                return;
            }
        }
        else if (type is not null && !Matches(type, actual))
        {
            causes.Add(TypeError(path, type, actual));
            return;
        }
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            causes.Add(new FieldCause("FieldValueNotSupported",
                $"Unsupported value: {Render(value)}: supported values: {string.Join(", ", allowed.Select(Render))}", path));
        }
        switch (value)
        {
            case JsonObject obj:
                ValidateObject(obj, schema, path, causes);
                break;
            case JsonArray array:
                ValidateArray(array, schema, path, causes);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                ValidateString(v.GetValue<string>(), schema, path, causes);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                ValidateNumber(JsonAccess.AsNumber(v) ?? 0, schema, path, causes);
                break;
        }
    }

    private static void ValidateObject(JsonObject obj, JsonObject schema, string path, List<FieldCause> causes)
    {
        foreach (var name in schema.Strings("required"))
        {
            if (!obj.ContainsKey(name))
            {
                causes.Add(FieldCause.Required(Child(path, name)));
            }
        }
        if (schema.Num("minProperties") is { } minProps && obj.Count < minProps)
        {
            causes.Add(Causes.InvalidRaw(path, Causes.Number(obj.Count), $"{InBody(path)} should have at least {Causes.Number(minProps)} properties"));
        }
        if (schema.Num("maxProperties") is { } maxProps && obj.Count > maxProps)
        {
            causes.Add(Causes.InvalidRaw(path, Causes.Number(obj.Count), $"{InBody(path)} should have at most {Causes.Number(maxProps)} properties"));
        }
        var properties = schema.Obj("properties");
        var additional = schema.Obj("additionalProperties");
        foreach (var (key, value) in obj)
        {
            if (properties?[key] is JsonObject propertySchema)
            {
                Validate(value, propertySchema, Child(path, key), causes);
            }
            else if (additional is not null)
            {
                Validate(value, additional, Child(path, key), causes);
            }
        }
    }

    private static void ValidateArray(JsonArray array, JsonObject schema, string path, List<FieldCause> causes)
    {
        if (schema.Num("minItems") is { } min && array.Count < min)
        {
            causes.Add(Causes.InvalidRaw(path, Causes.Number(array.Count), $"{InBody(path)} should have at least {Causes.Number(min)} items"));
        }
        if (schema.Num("maxItems") is { } max && array.Count > max)
        {
            causes.Add(new FieldCause("FieldValueTooMany", $"Too many: {array.Count}: must have at most {Causes.Number(max)} items", path));
        }
        if (schema.Obj("items") is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(array[i], items, $"{path}[{i}]", causes);
            }
        }
    }

    private static void ValidateString(string value, JsonObject schema, string path, List<FieldCause> causes)
    {
        var length = value.EnumerateRunes().Count();
        if (schema.Num("minLength") is { } min && length < min)
        {
            causes.Add(Causes.Invalid(path, value, $"{InBody(path)} should be at least {Causes.Number(min)} chars long"));
        }
        if (schema.Num("maxLength") is { } max && length > max)
        {
            causes.Add(new FieldCause("FieldValueTooLong", $"Too long: may not be more than {Causes.Number(max)} bytes", path));
        }
        if (schema.Str("pattern") is { } pattern && !MatchesPattern(value, pattern))
        {
            causes.Add(Causes.Invalid(path, value, $"{InBody(path)} should match '{pattern}'"));
        }
        if (schema.Str("format") is { } format && !FormatHolds(format, value))
        {
            causes.Add(Causes.Invalid(path, value, $"{InBody(path)} must be of type {format}: {Causes.Quote(value)}"));
        }
    }

    private static void ValidateNumber(decimal value, JsonObject schema, string path, List<FieldCause> causes)
    {
        var rendered = Causes.Number(value);
        if (schema.Num("minimum") is { } min)
        {
            var exclusive = schema.Bool("exclusiveMinimum");
            if (exclusive ? value <= min : value < min)
            {
                causes.Add(Causes.InvalidRaw(path, rendered, $"{InBody(path)} should be greater than {(exclusive ? "" : "or equal to ")}{Causes.Number(min)}"));
            }
        }
        if (schema.Num("maximum") is { } max)
        {
            var exclusive = schema.Bool("exclusiveMaximum");
            if (exclusive ? value >= max : value > max)
            {
                causes.Add(Causes.InvalidRaw(path, rendered, $"{InBody(path)} should be less than {(exclusive ? "" : "or equal to ")}{Causes.Number(max)}"));
            }
        }
        if (schema.Num("multipleOf") is { } factor && factor != 0 && value % factor != 0)
        {
            causes.Add(Causes.InvalidRaw(path, rendered, $"{InBody(path)} should be a multiple of {Causes.Number(factor)}"));
        }
        var format = schema.Str("format");
        if ((format == "int32" && (value < int.MinValue || value > int.MaxValue)) || (format == "int64" && (value < long.MinValue || value > long.MaxValue)))
        {
            causes.Add(Causes.InvalidRaw(path, rendered, $"{InBody(path)} must be of type {format}: {Causes.Quote(rendered)}"));
        }
    }

    /// <summary>The JSON schema type name of a value: integer for numbers without a fraction.</summary>
    public static string TypeName(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => JsonAccess.AsNumber(v) is { } d && d == decimal.Truncate(d) && !v.ToJsonString().Contains('.', StringComparison.Ordinal) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    private static bool Matches(string type, string actual) => type == actual || (type == "number" && actual == "integer");

    private static FieldCause TypeError(string path, string type, string actual) =>
        Causes.Invalid(path, actual, $"{InBody(path)} must be of type {type}: {Causes.Quote(actual)}");

    private static string InBody(string path) => path.Length == 0 ? "body" : $"{path} in body";

    private static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Render(JsonNode? value) => value is JsonValue v && v.GetValueKind() == JsonValueKind.String
        ? Causes.Quote(v.GetValue<string>())
        : value?.ToJsonString() ?? "null";

    private static bool MatchesPattern(string value, string pattern)
    {
        try
        {
            return Regex.IsMatch(value, pattern, RegexOptions.None, TimeSpan.FromMilliseconds(200));
        }
        catch (Exception ex) when (ex is ArgumentException or RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>The formats that are simple to check; others are accepted as upstream accepts unknown formats.</summary>
    private static bool FormatHolds(string format, string value) => format switch
    {
        "date-time" => DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "int-or-string" => true,
        _ => true,
    };
}
