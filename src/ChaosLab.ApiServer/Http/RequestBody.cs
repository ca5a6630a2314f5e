using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Http;

/// <summary>Reads and parses a request body: JSON or YAML, at most 3 MiB, with a Status for every way it can be wrong.</summary>
public static class RequestBody
{
    public const long MaxBytes = 3 * 1024 * 1024;

    /// <summary>How deeply a JSON or YAML body may nest; deeper bodies are refused before anything recurses on them.</summary>
    public const int MaxDepth = 128;

    /// <summary>Bodies up to this size are read to the end before a 413; larger ones are cut off by Kestrel.</summary>
    public const long DrainLimit = 32 * 1024 * 1024;

    public static string MediaType(HttpRequest request) =>
        (request?.ContentType ?? "application/json").Split(';')[0].Trim().ToLowerInvariant();

    public static Task<JsonNode?> ReadAsync(HttpRequest request, CancellationToken ct) => ReadAsync(request, strict: false, ct);

    /// <summary>
    /// Reads the body. <paramref name="strict"/> (fieldValidation=Strict) also refuses a JSON or YAML body that writes a
    /// field twice, as upstream's strict decoder does; otherwise the last value counts.
    /// </summary>
    public static async Task<JsonNode?> ReadAsync(HttpRequest request, bool strict, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                // Read the rest (Kestrel caps it at DrainLimit) so the client sees the 413, not a reset connection.
                var total = buffer.Length;
                while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
                {
                    total += read;
                }
                throw ApiException.RequestEntityTooLarge($"the request body of {total} bytes is larger than the limit of {MaxBytes} bytes");
            }
        }
        if (buffer.Length == 0)
        {
            return null;
        }
        var mediaType = MediaType(request);
        if (mediaType == ProtobufBody.MediaType)
        {
            return ProtobufBody.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), "");
        }
        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        switch (mediaType)
        {
            case "application/yaml" or "application/x-yaml" or "text/yaml" or "application/apply-patch+yaml":
                return YamlToJson.Convert(text, strict);
            case "application/json" or "application/merge-patch+json" or "application/strategic-merge-patch+json" or "application/json-patch+json" or "*/*" or "":
                JsonNode? parsed;
                try
                {
                    parsed = JsonBody.Parse(text);
                }
                catch (JsonException ex)
                {
                    throw ApiException.BadRequest($"the body of the request could not be parsed as JSON: {ex.Message}");
                }
                if (strict && JsonBody.DuplicateFields(text) is { Count: > 0 } duplicates)
                {
                    throw ApiException.BadRequest("strict decoding error: " + string.Join(", ", duplicates.Select(f => $"duplicate field \"{f}\"")));
                }
                return parsed;
            default:
                throw ApiException.UnsupportedMediaType(mediaType);
        }
    }

    public static Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken ct) => ReadObjectAsync(request, strict: false, ct);

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, bool strict, CancellationToken ct) =>
        await ReadAsync(request, strict, ct) switch
        {
            JsonObject obj => obj,
            null => throw ApiException.BadRequest("the request body is empty; expected an object"),
            var other => throw ApiException.BadRequest($"expected a JSON object in the request body, got {other.GetValueKind()}"),
        };
}
