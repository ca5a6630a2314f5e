using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.OpenApi;

/// <summary>
/// GET /openapi/v3 (the discovery of per-group-version documents) and GET /openapi/v3/apis/GROUP/VERSION.
/// Documents depend only on the resource table, so each is built once and served from cache; its hash goes
/// into the discovery URL so clients re-fetch exactly when it changes.
/// </summary>
public static class OpenApiDocuments
{
    private static readonly ConcurrentDictionary<string, Lazy<Document>> Cache = new(StringComparer.Ordinal);

    public static JsonObject Root(IEnumerable<ResourceType> types)
    {
        var list = types.ToList();
        var paths = list.Select(t => t.GroupVersion).Distinct().Order(StringComparer.Ordinal).Select(gv =>
        {
            var path = ApiPath(gv);
            var url = $"/openapi/v3/{path}?hash={Hash(gv, list)}";
            return KeyValuePair.Create(path, (JsonNode?)new JsonObject { ["serverRelativeURL"] = url });
        });
        return new JsonObject { ["paths"] = new JsonObject(paths.OrderBy(p => p.Key, StringComparer.Ordinal)) };
    }

    /// <summary>The OpenAPI 3.0 document of "v1", "apps/v1" (also accepted: "api/v1", "apis/apps/v1"); 404 when none is served.</summary>
    public static JsonObject ForGroupVersion(string groupVersion, IEnumerable<ResourceType> types) =>
        Get(groupVersion, types).Body.DeepClone().AsObject();

    /// <summary>The same document serialised, for serving without re-encoding it on every request.</summary>
    public static string ForGroupVersionJson(string groupVersion, IEnumerable<ResourceType> types) => Get(groupVersion, types).Json;

    /// <summary>First 16 hex digits (upper case) of the SHA-256 of the document's JSON.</summary>
    public static string Hash(string groupVersion, IEnumerable<ResourceType> types) => Get(groupVersion, types).Hash;

    /// <summary>"v1" → "api/v1", "apps/v1" → "apis/apps/v1": the keys of the discovery document.</summary>
    public static string ApiPath(string groupVersion) => groupVersion.Contains('/', StringComparison.Ordinal) ? "apis/" + groupVersion : "api/" + groupVersion;

    private static Document Get(string groupVersion, IEnumerable<ResourceType> types)
    {
        ArgumentNullException.ThrowIfNull(groupVersion);
        ArgumentNullException.ThrowIfNull(types);
        var gv = Normalize(groupVersion);
        var served = types.Where(t => t.GroupVersion == gv).ToList();
        if (served.Count == 0)
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }

        // A custom resource's document changes with its CRD's schema and subresources, not only with its name.
        var key = gv + "|" + string.Join(",", served.Select(t => t.Custom is null ? t.Plural : $"{t.Plural}:{string.Join('/', t.Subresources.Select(s => s.Name))}:{t.Custom.Schema?.ToJsonString()}"));
        return Cache.GetOrAdd(key, _ => new Lazy<Document>(() => Document.Create(served))).Value;
    }

    private static string Normalize(string groupVersion)
    {
        var gv = groupVersion.Trim('/');
        return gv.StartsWith("apis/", StringComparison.Ordinal) ? gv["apis/".Length..]
            : gv.StartsWith("api/", StringComparison.Ordinal) ? gv["api/".Length..]
            : gv;
    }

    private sealed record Document(JsonObject Body, string Json, string Hash)
    {
        public static Document Create(IReadOnlyList<ResourceType> types)
        {
            var schemas = new SchemaGenerator();
            var paths = PathsBuilder.Build(types, schemas);
            var body = new JsonObject
            {
                ["openapi"] = "3.0.0",
                ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "unversioned" },
                ["paths"] = paths,
                ["components"] = new JsonObject { ["schemas"] = schemas.Build() },
            };
            var json = body.ToJsonString();
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16];
            return new Document(body, json, hash);
        }
    }
}
