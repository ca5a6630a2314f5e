using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Storage;
using ChaosLab.ApiServer.Validation;
using k8s.Models;

namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// Turns request bodies into canonical objects by decoding them into the KubernetesClient model type
/// of the resource and encoding them back, as the real server decodes into its Go structs: unknown
/// fields are dropped (or rejected with fieldValidation=Strict) and wrongly typed values are refused.
/// </summary>
public static partial class ObjectCodec
{
    /// <summary>KubernetesClient's own serializer options (its converters for quantities, int-or-string, times).</summary>
    private static readonly JsonSerializerOptions ModelJson = CaptureModelOptions();

    private static JsonSerializerOptions CaptureModelOptions()
    {
        JsonSerializerOptions? captured = null;
        k8s.KubernetesJson.AddJsonOptions(o => captured = o);
        return captured ?? throw new InvalidOperationException("KubernetesJson did not expose its serializer options");
    }

    /// <summary>
    /// Decodes a request body into its model type and back. apiVersion and kind are read first and must be strings;
    /// then every field must have its model's type. Either failure is a 400 worded as upstream words it:
    /// "ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field
    /// ObjectMeta.metadata.name of type string".
    /// </summary>
    public static JsonObject Canonicalize(JsonObject input, Type modelType, bool strict, out IReadOnlyList<string> unknownFields)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(modelType);
        var (kind, version) = KindOf(modelType);
        TypeMeta.Read(input, kind);
        if (Decode(input, modelType, out var model) is { } error)
        {
            throw ApiException.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {kind}: {error}");
        }
        var canonical = JsonSerializer.SerializeToNode(model, modelType, ModelJson)!.AsObject();
        EmptyCollections.Omit(canonical, modelType, ModelJson);
        var unknown = new List<string>();
        FindUnknown(input, modelType, "", unknown);
        unknownFields = unknown;
        if (strict && unknown.Count > 0)
        {
            throw ApiException.BadRequest("strict decoding error: " + string.Join(", ", unknown.Select(f => $"unknown field \"{f}\"")));
        }
        return canonical;
    }

    /// <summary>A custom object's metadata through the ObjectMeta model, as upstream decodes it; 400 worded as for a body when it does not decode.</summary>
    public static JsonObject CanonicalizeMetadata(JsonObject metadata, string kind, string version)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (Decode(metadata, typeof(V1ObjectMeta), out var model) is { } error)
        {
            throw ApiException.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {kind}: {error.Replace("Go struct field ObjectMeta.", "Go struct field ObjectMeta.metadata.", StringComparison.Ordinal)}");
        }
        var canonical = JsonSerializer.SerializeToNode(model, typeof(V1ObjectMeta), ModelJson)!.AsObject();
        EmptyCollections.Omit(canonical, typeof(V1ObjectMeta), ModelJson);
        return canonical;
    }

    /// <summary>
    /// Decodes <paramref name="input"/> into <paramref name="modelType"/> as upstream decodes into its Go struct.
    /// Returns null on success, else upstream's decoder message for the first field that is wrong (and a null model).
    /// </summary>
    public static string? Decode(JsonObject input, Type modelType, out object? model)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(modelType);
        model = null;
        if (TypeMeta.DecodeError(input) is { } typeMetaError)
        {
            return typeMetaError;
        }
        try
        {
            model = input.Deserialize(modelType, ModelJson);
            return null;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or FormatException or InvalidOperationException or OverflowException or ArgumentException)
        {
            // KubernetesClient's converters for int-or-string and quantities throw their own types; the path is then in the message.
            var path = ex is JsonException { Path: { } p } ? p : ThrownPath().Match(ex.Message) is { Success: true } m ? m.Groups[1].Value : null;
            return (path is null ? null : UnmarshalTypeError.ForModel(modelType, input, path)) ?? ex.Message;
        }
    }

    /// <summary>
    /// A patch whose result no longer decodes (a field of the wrong type, a kind that is not a string) is answered as
    /// upstream's patch handler answers it: 422 Invalid, the patched object being the invalid value of "patch".
    /// </summary>
    public static JsonObject CheckPatched(JsonObject patched, Type modelType)
    {
        ArgumentNullException.ThrowIfNull(patched);
        if (Decode(patched, modelType, out _) is { } error)
        {
            throw ApiException.Invalid("", "", "", [Causes.InvalidRaw("patch", Causes.Quote(GoJson.Text(patched)), error)]);
        }
        return patched;
    }

    /// <summary>Kind and version (without group) of a model type, as its KubernetesEntity attribute declares them.</summary>
    private static (string Kind, string Version) KindOf(Type modelType) =>
        modelType.GetCustomAttribute<KubernetesEntityAttribute>() is { Kind: { Length: > 0 } kind } entity
            ? (kind, entity.ApiVersion)
            : (UnmarshalTypeError.StructName(modelType), "v1");

    public static JsonObject Decode(StoredValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var obj = JsonNode.Parse(value.Value.Span)!.AsObject();
        Meta(obj)["resourceVersion"] = value.ModRevision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return obj;
    }

    /// <summary>Stored without resourceVersion: etcd's mod_revision is the version, set on every read.</summary>
    public static byte[] Encode(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var meta = Meta(obj);
        var rv = meta["resourceVersion"];
        meta.Remove("resourceVersion");
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(obj);
        }
        finally
        {
            if (rv is not null)
            {
                meta["resourceVersion"] = rv;
            }
        }
    }

    public static JsonObject Meta(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["metadata"] is JsonObject meta)
        {
            return meta;
        }
        meta = new JsonObject();
        obj["metadata"] = meta;
        return meta;
    }

    /// <summary>
    /// The members of <paramref name="input"/> that <paramref name="modelType"/> has no field for, by path. Found from the
    /// model's own JSON contract, not from what survives the round trip: upstream's strict decoder reports an unknown key
    /// before it reads the value, so "x": null, {} or [] is an unknown field too, while a known field set to null is not.
    /// </summary>
    private static void FindUnknown(JsonNode? input, Type modelType, string path, List<string> unknown)
    {
        var contract = ModelJson.GetTypeInfo(modelType);
        switch (input)
        {
            case JsonObject obj when contract.Kind == JsonTypeInfoKind.Object:
                foreach (var (key, value) in obj)
                {
                    var child = path.Length == 0 ? key : $"{path}.{key}";
                    // Case-sensitive, as upstream's decoder matches keys to json tags.
                    if (contract.Properties.FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.Ordinal)) is { } property)
                    {
                        FindUnknown(value, property.PropertyType, child, unknown);
                    }
                    else
                    {
                        unknown.Add(child);
                    }
                }
                break;
            case JsonObject map when contract.Kind == JsonTypeInfoKind.Dictionary && contract.ElementType is { } valueType:
                foreach (var (key, value) in map)
                {
                    FindUnknown(value, valueType, path.Length == 0 ? key : $"{path}.{key}", unknown);
                }
                break;
            case JsonArray list when contract.Kind == JsonTypeInfoKind.Enumerable && contract.ElementType is { } itemType:
                for (var i = 0; i < list.Count; i++)
                {
                    FindUnknown(list[i], itemType, $"{path}[{i}]", unknown);
                }
                break;
        }
    }

    [GeneratedRegex(@"Path: (\$\S*) \|")]
    private static partial Regex ThrownPath();
}
