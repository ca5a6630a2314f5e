using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using k8s.Models;

namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// Drops lists and maps that are present but empty, as upstream's Go structs do: nearly every slice and map field is
/// tagged omitempty, so a `"taints": []` left by a patch that removed the last taint decodes to an empty slice and is
/// never written back. The model types cannot tell the tag, so the few fields without it are named here; they keep [].
/// </summary>
public static class EmptyCollections
{
    private static readonly HashSet<(Type Model, string Field)> WrittenWhenEmpty =
    [
        (typeof(V1PodSpec), "containers"),
        (typeof(V1ProjectedVolumeSource), "sources"),
        (typeof(V1NodeSelector), "nodeSelectorTerms"),
        (typeof(V1ContainerImage), "names"),
        (typeof(V1CephFSVolumeSource), "monitors"),
        (typeof(V1RBDVolumeSource), "monitors"),
        (typeof(V1EndpointSlice), "endpoints"),
        (typeof(V1EndpointSlice), "ports"),
        (typeof(V1Endpoint), "addresses"),
    ];

    /// <summary>Removes, throughout <paramref name="node"/> (shaped as <paramref name="modelType"/>), every empty omitempty list or map.</summary>
    public static void Omit(JsonNode? node, Type modelType, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(modelType);
        ArgumentNullException.ThrowIfNull(options);
        var contract = options.GetTypeInfo(modelType);
        switch (node)
        {
            case JsonObject obj when contract.Kind == JsonTypeInfoKind.Object:
                foreach (var property in contract.Properties)
                {
                    if (!obj.TryGetPropertyValue(property.Name, out var value))
                    {
                        continue;
                    }
                    if (IsEmptyCollection(value, options.GetTypeInfo(property.PropertyType).Kind) && !WrittenWhenEmpty.Contains((modelType, property.Name)))
                    {
                        obj.Remove(property.Name);
                        continue;
                    }
                    Omit(value, property.PropertyType, options);
                }
                break;
            case JsonObject map when contract.Kind == JsonTypeInfoKind.Dictionary && contract.ElementType is { } valueType:
                foreach (var (_, value) in map)
                {
                    Omit(value, valueType, options);
                }
                break;
            case JsonArray list when contract.Kind == JsonTypeInfoKind.Enumerable && contract.ElementType is { } itemType:
                foreach (var item in list)
                {
                    Omit(item, itemType, options);
                }
                break;
        }
    }

    private static bool IsEmptyCollection(JsonNode? value, JsonTypeInfoKind kind) => (value, kind) switch
    {
        (JsonArray { Count: 0 }, JsonTypeInfoKind.Enumerable) => true,
        (JsonObject { Count: 0 }, JsonTypeInfoKind.Dictionary) => true,
        _ => false,
    };
}
