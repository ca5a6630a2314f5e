using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Fuzz.Support;

/// <summary>
/// The kinds the server says it serves: resources from /api/v1 and every /apis group-version, and each kind's
/// schema from the /openapi/v3 document of its group-version.
/// </summary>
public static class ApiDiscovery
{
    public static async Task<IReadOnlyList<ServedKind>> KindsAsync(FuzzApi api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var groupVersions = new List<string> { "v1" };
        var groups = await GetAsync(api, "/apis");
        foreach (var group in groups["groups"]!.AsArray())
        {
            groupVersions.AddRange(group!["versions"]!.AsArray().Select(v => (string)v!["groupVersion"]!));
        }
        var schemas = await SchemasAsync(api);
        var kinds = new List<ServedKind>();
        foreach (var groupVersion in groupVersions)
        {
            var list = await GetAsync(api, groupVersion == "v1" ? "/api/v1" : $"/apis/{groupVersion}");
            var resources = list["resources"]!.AsArray().Select(r => r!.AsObject()).ToList();
            var (group, version) = groupVersion.Contains('/', StringComparison.Ordinal)
                ? (groupVersion.Split('/')[0], groupVersion.Split('/')[1])
                : ("", groupVersion);
            foreach (var resource in resources.Where(r => !((string)r["name"]!).Contains('/', StringComparison.Ordinal)))
            {
                var plural = (string)resource["name"]!;
                var kind = (string)resource["kind"]!;
                var subresources = resources.Select(r => (string)r["name"]!)
                    .Where(n => n.StartsWith(plural + "/", StringComparison.Ordinal)).Select(n => n[(plural.Length + 1)..]).ToList();
                var schema = schemas.FirstOrDefault(s => IsSchemaOf(s.Value, group, version, kind)).Value
                    ?? throw new InvalidOperationException($"/openapi/v3 has no schema for {kind} ({groupVersion})");
                kinds.Add(new ServedKind(group, version, plural, kind, (bool)resource["namespaced"]!,
                    [.. resource["verbs"]!.AsArray().Select(v => (string)v!)], subresources, FieldSchema.Resolve(schema, schemas)));
            }
        }
        return kinds;
    }

    /// <summary>Every component schema of every group-version document, by name.</summary>
    private static async Task<Dictionary<string, JsonObject>> SchemasAsync(FuzzApi api)
    {
        var schemas = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var root = await GetAsync(api, "/openapi/v3");
        foreach (var (_, entry) in root["paths"]!.AsObject())
        {
            var document = await GetAsync(api, (string)entry!["serverRelativeURL"]!);
            foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
            {
                schemas.TryAdd(name, schema!.AsObject());
            }
        }
        return schemas;
    }

    private static bool IsSchemaOf(JsonObject schema, string group, string version, string kind) =>
        schema["x-kubernetes-group-version-kind"] is JsonArray gvks && gvks.OfType<JsonObject>().Any(gvk =>
            (string?)gvk["group"] == group && (string?)gvk["version"] == version && (string?)gvk["kind"] == kind);

    private static async Task<JsonObject> GetAsync(FuzzApi api, string path)
    {
        var response = await api.SendAsync("GET", path);
        return response.Code == 200
            ? JsonNode.Parse(response.Body)!.AsObject()
            : throw new InvalidOperationException($"GET {path} answered {response}");
    }
}
