using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Apply;

/// <summary>The body of an apply patch: checked as upstream's field manager checks it, and narrowed to what the endpoint may set.</summary>
public static class ApplyConfiguration
{
    /// <summary>The configuration to apply, or the 400 upstream answers: not an object, another apiVersion, managedFields set.</summary>
    public static JsonObject Read(JsonNode? body, ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (body is not JsonObject config)
        {
            throw ApiException.BadRequest("error decoding YAML: the apply configuration must be an object");
        }
        var apiVersion = config["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : "";
        if (apiVersion != type.ApiVersion)
        {
            throw ApiException.BadRequest($"Incorrect version specified in apply patch. Specified patch version: {apiVersion}, expected: {type.ApiVersion}");
        }
        if (config["metadata"] is not (null or JsonObject))
        {
            throw ApiException.BadRequest("error decoding YAML: metadata must be an object");
        }
        if (config["metadata"] is JsonObject meta && meta["managedFields"] is not null)
        {
            throw ApiException.BadRequest("metadata.managedFields must be nil");
        }
        return config;
    }

    /// <summary>
    /// What the endpoint lets an apply set, as upstream's reset fields: the main resource never sets status when status
    /// has its own endpoint; the status endpoint sets only status.
    /// </summary>
    public static JsonObject ForEndpoint(JsonObject config, ResourceType type, string? subresource)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(type);
        var narrowed = (JsonObject)config.DeepClone();
        if (subresource == "status")
        {
            foreach (var name in narrowed.Select(p => p.Key).Where(k => k is not ("apiVersion" or "kind" or "metadata" or "status")).ToList())
            {
                narrowed.Remove(name);
            }
            if (narrowed["metadata"] is JsonObject meta)
            {
                var identity = new JsonObject();
                foreach (var field in new[] { "name", "namespace" })
                {
                    if (meta[field] is { } value) identity[field] = value.DeepClone();
                }
                narrowed["metadata"] = identity;
            }
        }
        else if (type.Subresource("status") is not null)
        {
            narrowed.Remove("status");
        }
        return narrowed;
    }
}
