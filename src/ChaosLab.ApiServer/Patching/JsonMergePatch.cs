using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Patching;

/// <summary>JSON merge patch (RFC 7386, application/merge-patch+json).</summary>
public static class JsonMergePatch
{
    /// <summary>Returns a new tree: null members delete, objects merge recursively, anything else replaces.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) =>
        patch is JsonObject ? Merge(target?.DeepClone(), patch) : patch?.DeepClone();

    /// <summary>Merges into <paramref name="owned"/>, a tree this class cloned and may mutate.</summary>
    private static JsonNode? Merge(JsonNode? owned, JsonNode? patch)
    {
        if (patch is not JsonObject members) return patch?.DeepClone();

        var result = owned as JsonObject ?? new JsonObject();
        foreach (var (name, value) in members)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }
            result.TryGetPropertyValue(name, out var current);
            var merged = Merge(current, value);
            if (!ReferenceEquals(merged, current)) result[name] = merged;
        }
        return result;
    }
}
