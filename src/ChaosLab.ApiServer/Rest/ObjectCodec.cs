using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Storage;

namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// Turns request bodies into canonical objects by decoding them into the KubernetesClient model type
/// of the resource and encoding them back, as the real server decodes into its Go structs: unknown
/// fields are dropped (or rejected with fieldValidation=Strict) and wrongly typed values are refused.
/// </summary>
public static class ObjectCodec
{
    /// <summary>KubernetesClient's own serializer options (its converters for quantities, int-or-string, times).</summary>
    private static readonly JsonSerializerOptions ModelJson = CaptureModelOptions();

    private static JsonSerializerOptions CaptureModelOptions()
    {
        JsonSerializerOptions? captured = null;
        k8s.KubernetesJson.AddJsonOptions(o => captured = o);
        return captured ?? throw new InvalidOperationException("KubernetesJson did not expose its serializer options");
    }

    public static JsonObject Canonicalize(JsonObject input, Type modelType, bool strict, out IReadOnlyList<string> unknownFields)
    {
        ArgumentNullException.ThrowIfNull(input);
        object? model;
        try
        {
            model = input.Deserialize(modelType, ModelJson);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            var where = ex is JsonException { Path: { } path } ? $" at {path}" : "";
            throw ApiException.BadRequest($"error decoding request body into {modelType.Name.TrimStart('V', '1', '2')}{where}: {ex.Message}");
        }
        var canonical = JsonSerializer.SerializeToNode(model, modelType, ModelJson)!.AsObject();
        var unknown = new List<string>();
        FindUnknown(input, canonical, "", unknown);
        unknownFields = unknown;
        if (strict && unknown.Count > 0)
        {
            throw ApiException.BadRequest("strict decoding error: " + string.Join(", ", unknown.Select(f => $"unknown field \"{f}\"")));
        }
        return canonical;
    }

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

    private static void FindUnknown(JsonNode? input, JsonNode? canonical, string path, List<string> unknown)
    {
        switch (input)
        {
            case JsonObject inObj when canonical is JsonObject outObj:
                foreach (var (key, value) in inObj)
                {
                    var child = path.Length == 0 ? key : $"{path}.{key}";
                    if (!outObj.ContainsKey(key))
                    {
                        if (value is not null && !IsEmpty(value))
                        {
                            unknown.Add(child);
                        }
                        continue;
                    }
                    FindUnknown(value, outObj[key], child, unknown);
                }
                break;
            case JsonArray inArr when canonical is JsonArray outArr:
                for (var i = 0; i < Math.Min(inArr.Count, outArr.Count); i++)
                {
                    FindUnknown(inArr[i], outArr[i], $"{path}[{i}]", unknown);
                }
                break;
        }
    }

    // Empty maps and lists vanish in the model round trip without being unknown ({} or []).
    private static bool IsEmpty(JsonNode node) => node is JsonObject { Count: 0 } or JsonArray { Count: 0 };
}
