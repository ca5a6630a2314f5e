using System.Globalization;
using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Rest;

/// <summary>Small readers and writers for metadata fields of JSON objects.</summary>
public static class ObjectMeta
{
    public static string? Name(JsonObject obj) => (string?)obj?["metadata"]?["name"];

    public static string? Namespace(JsonObject obj) => (string?)obj?["metadata"]?["namespace"];

    public static string? Uid(JsonObject obj) => (string?)obj?["metadata"]?["uid"];

    public static string? ResourceVersion(JsonObject obj) => (string?)obj?["metadata"]?["resourceVersion"];

    public static bool IsDeleting(JsonObject obj) => obj?["metadata"]?["deletionTimestamp"] is not null;

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj) =>
        obj?["metadata"]?["labels"] is JsonObject labels
            ? labels.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString())
            : new Dictionary<string, string>();

    public static IReadOnlyList<string> Finalizers(JsonObject obj) =>
        obj?["metadata"]?["finalizers"] is JsonArray f ? f.Select(x => x?.ToString() ?? "").ToList() : [];

    /// <summary>
    /// An object written to NAME must carry that name, as upstream's checkName demands of a PUT and of a patch's result:
    /// no name at all (a JSON patch that removed /metadata, say) is a 400 as surely as a different one. In a namespace,
    /// a namespace the object names must be that one (none is taken to mean it).
    /// </summary>
    public static void CheckName(JsonObject obj, string urlName, string? urlNamespace = null)
    {
        var name = Name(obj);
        if (string.IsNullOrEmpty(name))
        {
            throw Http.ApiException.BadRequest($"the name of the object ({urlName} based on URL) was undeterminable: name must be provided");
        }
        if (name != urlName)
        {
            throw Http.ApiException.BadRequest($"the name of the object ({name}) does not match the name on the URL ({urlName})");
        }
        if (!string.IsNullOrEmpty(urlNamespace) && Namespace(obj) is { Length: > 0 } ns && ns != urlNamespace)
        {
            throw Http.ApiException.BadRequest($"the namespace of the object ({ns}) does not match the namespace on the request ({urlNamespace})");
        }
    }

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static long ParseResourceVersion(string? text, string what)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rv) && rv >= 0
            ? rv
            : throw Http.ApiException.BadRequest($"invalid {what} \"{text}\": resourceVersion must be a non-negative integer");
    }
}
