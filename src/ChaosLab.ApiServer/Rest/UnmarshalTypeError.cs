using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// Upstream's message for a JSON value of the wrong type (Go encoding/json's UnmarshalTypeError), e.g.
/// "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string": the Go struct that
/// holds the field, the field's path of JSON names from the body's root (Go leaves list indexes and map keys out), and
/// the Go type the decoder tried to fill. Clients and people search for these words, so the server uses them too.
/// </summary>
internal static partial class UnmarshalTypeError
{
    /// <summary>What upstream's Quantity.UnmarshalJSON says of anything but a string or a number.</summary>
    public const string QuantityFormat = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    /// <summary>Named Go string types the C# models declare as plain strings, for the fields a client is likely to get wrong.</summary>
    private static readonly Dictionary<string, string> NamedStringTypes = new(StringComparer.Ordinal)
    {
        ["DeleteOptions.propagationPolicy"] = "v1.DeletionPropagation",
        ["ObjectMeta.uid"] = "types.UID",
        ["ObjectReference.uid"] = "types.UID",
        ["OwnerReference.uid"] = "types.UID",
        ["Preconditions.uid"] = "types.UID",
    };

    private static readonly ConcurrentDictionary<Type, Dictionary<string, PropertyInfo>> Properties = new();

    /// <summary>Go's message for <paramref name="value"/> found where a <paramref name="goType"/> was expected.</summary>
    public static string Message(JsonNode value, string goStruct, string fieldPath, string goType) =>
        $"json: cannot unmarshal {Describe(value, goType)} into Go struct field {goStruct}.{fieldPath} of type {goType}";

    /// <summary>Go's message for a value that is not even an object where an object was expected, e.g. a body that is an array.</summary>
    public static string ValueMessage(JsonNode value, string goType) => $"json: cannot unmarshal {Describe(value, goType)} into Go value of type {goType}";

    /// <summary>
    /// Why <paramref name="input"/> did not decode into <paramref name="modelType"/> at <paramref name="jsonPath"/>, the
    /// path System.Text.Json reports ("$.spec.containers[0].name"): upstream's message, or null when the path does not
    /// lead to a model field whose type the value there contradicts (a bad date or base64 text, say).
    /// </summary>
    public static string? ForModel(Type modelType, JsonObject input, string jsonPath)
    {
        ArgumentNullException.ThrowIfNull(modelType);
        if (Segments(jsonPath) is not { } segments)
        {
            return null;
        }
        var type = modelType;
        JsonNode? node = input;
        string? goStruct = null;
        var fields = new List<string>();
        foreach (var (name, index) in segments)
        {
            if (name is null)
            {
                if (ElementType(type) is not { } element || node is not JsonArray array || index >= array.Count)
                {
                    return null;
                }
                (type, node) = (element, array[index]);
                continue;
            }
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(name, out var child))
            {
                return null;
            }
            if (MapValueType(type) is { } valueType)
            {
                (type, node) = (valueType, child);
                continue;
            }
            if (!PropertiesOf(type).TryGetValue(name, out var property))
            {
                return null;
            }
            goStruct = StructName(type);
            fields.Add(name);
            (type, node) = (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, child);
        }
        return goStruct is null || node is null ? null : Explain(node, type, goStruct, fields);
    }

    private static string? Explain(JsonNode value, Type type, string goStruct, List<string> fields)
    {
        var path = string.Join('.', fields);
        var kind = value.GetValueKind();
        // Types with their own UnmarshalJSON upstream, which decode what they can and report in their own words.
        if (type == typeof(ResourceQuantity))
        {
            return kind is JsonValueKind.String or JsonValueKind.Number ? null : QuantityFormat;
        }
        if (type == typeof(IntOrString))
        {
            return kind == JsonValueKind.String || Fits(value, typeof(int)) ? null : Message(value, goStruct, path, "int32");
        }
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return kind == JsonValueKind.String ? null : Message(value, goStruct, path, "string");
        }
        if (Accepts(type, value))
        {
            return null;
        }
        var goType = GoType(type);
        if (goType == "string" && NamedStringTypes.TryGetValue($"{goStruct}.{fields[^1]}", out var named))
        {
            goType = named;
        }
        return Message(value, goStruct, path, goType);
    }

    /// <summary>Whether Go would decode a value of this JSON kind into the type; when it would, the failure was not one of kind.</summary>
    private static bool Accepts(Type type, JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => type == typeof(string) || type == typeof(byte[]),
        JsonValueKind.Number => Fits(value, type),
        JsonValueKind.True or JsonValueKind.False => type == typeof(bool),
        JsonValueKind.Object => MapValueType(type) is not null || IsModel(type) || type == typeof(object),
        JsonValueKind.Array => ElementType(type) is not null || type == typeof(byte[]) || type == typeof(object),
        _ => true,
    };

    private static bool Fits(JsonNode value, Type type)
    {
        if (value is not JsonValue number || number.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }
        var text = number.ToJsonString();
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Int32 => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            TypeCode.Int64 => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            TypeCode.Double or TypeCode.Single or TypeCode.Decimal => true,
            _ => type == typeof(object),
        };
    }

    /// <summary>Go's name for the kind of JSON value: "number 1.5" when a number does not fit the integer it was meant for.</summary>
    private static string Describe(JsonNode value, string goType) => value.GetValueKind() switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.Number when goType is "int32" or "int64" => "number " + value.ToJsonString(),
        _ => "number",
    };

    /// <summary>reflect.Type.String() of the Go type behind a KubernetesClient model type: "v1.ObjectMeta", "[]string", "map[string]string".</summary>
    internal static string GoType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => "string",
            _ when type == typeof(bool) => "bool",
            _ when type == typeof(int) => "int32",
            _ when type == typeof(long) => "int64",
            _ when type == typeof(double) => "float64",
            _ when type == typeof(float) => "float32",
            _ when type == typeof(byte[]) => "[]uint8",
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "v1.Time",
            _ when type == typeof(ResourceQuantity) => "resource.Quantity",
            _ when type == typeof(IntOrString) => "intstr.IntOrString",
            _ when type == typeof(object) => "interface {}",
            _ when MapValueType(type) is { } value => "map[string]" + GoType(value),
            _ when ElementType(type) is { } element => "[]" + GoType(element),
            _ when ModelName().Match(type.Name) is { Success: true } model => $"{model.Groups["version"].Value.ToLowerInvariant()}.{model.Groups["name"].Value}",
            _ => type.Name,
        };
    }

    /// <summary>The Go struct a model class stands for: V1ObjectMeta is ObjectMeta, Corev1EndpointPort is EndpointPort.</summary>
    internal static string StructName(Type type) => ModelName().Match(type.Name) is { Success: true } model ? model.Groups["name"].Value : type.Name;

    private static bool IsModel(Type type) => type.IsClass && type != typeof(string) && type.Namespace == typeof(V1ObjectMeta).Namespace;

    private static Dictionary<string, PropertyInfo> PropertiesOf(Type type) =>
        Properties.GetOrAdd(type, t => t.GetProperties()
            .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
            .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name, StringComparer.Ordinal));

    private static Type? MapValueType(Type type) =>
        Generic(type, typeof(IDictionary<,>)) is { } args && args[0] == typeof(string) ? args[1] : null;

    private static Type? ElementType(Type type)
    {
        if (type == typeof(byte[]) || type == typeof(string))
        {
            return null;
        }
        return type.IsArray ? type.GetElementType() : Generic(type, typeof(IList<>))?[0];
    }

    private static Type[]? Generic(Type type, Type definition) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == definition ? type : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition))
            ?.GetGenericArguments();

    /// <summary>"$.a.b[0]['c.d']" as (name, index) steps; null when the path has another shape.</summary>
    private static List<(string? Name, int Index)>? Segments(string path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '$')
        {
            return null;
        }
        var segments = new List<(string?, int)>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add((path[(i + 1)..end], 0));
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['", StringComparison.Ordinal))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return null;
                }
                segments.Add((path[(i + 2)..end], 0));
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return null;
                }
                segments.Add((null, index));
                i = end + 1;
            }
            else
            {
                return null;
            }
        }
        return segments;
    }

    /// <summary>KubernetesClient's model names: an optional group ("Core"), the version ("V1", "v1beta1"), the Go name.</summary>
    [GeneratedRegex(@"^(?:[A-Z][a-z]+)?(?<version>[Vv]\d+(?:alpha\d+|beta\d+)?)(?<name>[A-Z]\w*)$")]
    private static partial Regex ModelName();
}
