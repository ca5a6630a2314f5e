using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Fuzz.Support;

public enum FieldType
{
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Map,
    Array,

    /// <summary>Takes more than one JSON type (int-or-string, quantities, free-form objects): no value is wrong for it.</summary>
    Any,
}

/// <summary>One step down a field path: a property, the first element of a list, or the value under a map key.</summary>
public sealed record FieldStep(string Name, FieldType Container)
{
    public const string MapKey = "fz";

    public override string ToString() => Container switch
    {
        FieldType.Array => "[0]",
        FieldType.Map => $"[{MapKey}]",
        _ => "." + Name,
    };
}

/// <summary>
/// The type of one field as the server's own OpenAPI v3 document describes it (the same model types it decodes
/// bodies into), with its children resolved on demand through <c>$ref</c> and <c>allOf</c>.
/// </summary>
public sealed class FieldSchema
{
    private const string RefPrefix = "#/components/schemas/";
    private const string QuantitySchema = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    private readonly JsonObject _raw;
    private readonly IReadOnlyDictionary<string, JsonObject> _components;
    private IReadOnlyList<(FieldStep Step, FieldSchema Schema)>? _children;

    private FieldSchema(FieldType type, string? format, JsonObject raw, IReadOnlyDictionary<string, JsonObject> components)
    {
        Type = type;
        Format = format;
        _raw = raw;
        _components = components;
    }

    public FieldType Type { get; }

    /// <summary>int32, int64, date-time, byte, ...</summary>
    public string? Format { get; }

    public static FieldSchema Resolve(JsonObject raw, IReadOnlyDictionary<string, JsonObject> components)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(components);
        var reference = (string?)raw["$ref"] ?? (string?)raw["allOf"]?[0]?["$ref"];
        if (reference is not null)
        {
            var name = reference[RefPrefix.Length..];
            return name == QuantitySchema || !components.TryGetValue(name, out var target)
                ? new FieldSchema(FieldType.Any, null, raw, components)
                : Resolve(target, components);
        }
        var format = (string?)raw["format"];
        var type = (string?)raw["type"] switch
        {
            _ when raw["x-kubernetes-int-or-string"] is not null => FieldType.Any,
            "string" => FieldType.String,
            "integer" => FieldType.Integer,
            "number" => FieldType.Number,
            "boolean" => FieldType.Boolean,
            "array" => FieldType.Array,
            "object" when raw["properties"] is JsonObject => FieldType.Object,
            "object" when raw["additionalProperties"] is JsonObject => FieldType.Map,
            _ => FieldType.Any,
        };
        return new FieldSchema(type, format, raw, components);
    }

    /// <summary>Properties in name order; the element of a list; the value of a map.</summary>
    public IReadOnlyList<(FieldStep Step, FieldSchema Schema)> Children => _children ??= Type switch
    {
        FieldType.Object => _raw["properties"]!.AsObject()
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (new FieldStep(p.Key, FieldType.Object), Resolve(p.Value!.AsObject(), _components)))
            .ToList(),
        FieldType.Array => [(new FieldStep("", FieldType.Array), Resolve(_raw["items"]!.AsObject(), _components))],
        FieldType.Map => [(new FieldStep(FieldStep.MapKey, FieldType.Map), Resolve(_raw["additionalProperties"]!.AsObject(), _components))],
        _ => [],
    };
}
