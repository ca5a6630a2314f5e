using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.CustomResources;

/// <summary>
/// Drops the fields a structural schema does not specify, as upstream prunes custom objects on every write,
/// except under x-kubernetes-preserve-unknown-fields. apiVersion, kind and metadata survive at the root and
/// in x-kubernetes-embedded-resource objects.
/// </summary>
public static class SchemaPruner
{
    private static readonly HashSet<string> TypeMetaAndMetadata = ["apiVersion", "kind", "metadata"];

    /// <summary>Prunes <paramref name="obj"/> in place and returns the paths of what was dropped ("spec.unknown").</summary>
    public static IReadOnlyList<string> PruneObject(JsonObject obj, JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        var dropped = new List<string>();
        Prune(obj, schema, "", dropped, keepTypeMeta: true);
        return dropped;
    }

    private static void Prune(JsonNode? value, JsonObject schema, string path, List<string> dropped, bool keepTypeMeta)
    {
        var preserve = schema.Bool("x-kubernetes-preserve-unknown-fields");
        switch (value)
        {
            case JsonObject obj:
                var properties = schema.Obj("properties");
                var additional = schema["additionalProperties"];
                var embedded = keepTypeMeta || schema.Bool("x-kubernetes-embedded-resource");
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var child = path.Length == 0 ? key : $"{path}.{key}";
                    if (properties?[key] is JsonObject propertySchema)
                    {
                        Prune(obj[key], propertySchema, child, dropped, keepTypeMeta: false);
                    }
                    else if (additional is JsonObject additionalSchema)
                    {
                        Prune(obj[key], additionalSchema, child, dropped, keepTypeMeta: false);
                    }
                    else if (embedded && TypeMetaAndMetadata.Contains(key))
                    {
                        // The server's own members: the object meta is checked on its own.
                    }
                    else if (!preserve && !schema.Bool("additionalProperties"))
                    {
                        obj.Remove(key);
                        dropped.Add(child);
                    }
                }
                break;
            case JsonArray array when schema.Obj("items") is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(array[i], items, $"{path}[{i}]", dropped, keepTypeMeta: false);
                }
                break;
        }
    }
}
