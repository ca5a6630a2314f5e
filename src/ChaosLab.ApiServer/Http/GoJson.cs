using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Http;

/// <summary>
/// JSON as upstream writes it with Go's json.Encoder: compact, strings escaped by <see cref="GoJsonEncoder"/>, and a
/// response body ends with "\n".
/// </summary>
public static class GoJson
{
    public static JsonSerializerOptions Options { get; } = new() { Encoder = GoJsonEncoder.Instance };

    /// <summary>A whole response body: the JSON and its trailing newline.</summary>
    public static byte[] Body(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var json = JsonSerializer.SerializeToUtf8Bytes(node, Options);
        var body = new byte[json.Length + 1];
        json.CopyTo(body, 0);
        body[^1] = (byte)'\n';
        return body;
    }

    /// <summary>The JSON alone, for a watch line or a value quoted in a message.</summary>
    public static string Text(JsonNode? node) => node?.ToJsonString(Options) ?? "null";
}
