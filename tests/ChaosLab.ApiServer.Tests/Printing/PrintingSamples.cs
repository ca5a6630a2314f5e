using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Tests.Printing;

/// <summary>A fixed clock and wire-JSON objects for the printer tests.</summary>
internal static class PrintingSamples
{
    public static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An RFC 3339 timestamp this long before <see cref="Now"/>.</summary>
    public static string Ago(TimeSpan age) => (Now - age).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    public static object?[] Values(JsonArray cells) => cells.Select(c => c is JsonValue v ? v.GetValue<object>() : null).Select(Plain).ToArray();

    private static object? Plain(object? value) => value switch
    {
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } e => e.GetString(),
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Number } e => e.GetInt64(),
        int i => (long)i,
        _ => value,
    };
}
