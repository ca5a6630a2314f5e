using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Validation;

/// <summary>What ConfigMaps and Secrets share: base64 payloads, and the `immutable: true` freeze.</summary>
internal static class ImmutableData
{
    private const string Frozen = "field is immutable when `immutable` is set";

    public static byte[]? Decode(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }

    // The value is secret material, so it is left out of the message.
    public static FieldCause NotBase64(string field) => new("FieldValueInvalid", "Invalid value: \"<value omitted>\": illegal base64 data", field);

    public static IEnumerable<FieldCause> ValidateUpdate(JsonObject obj, JsonObject old, params string[] payloadFields)
    {
        if (!old.Bool("immutable")) yield break;
        if (!obj.Bool("immutable")) yield return FieldCause.Forbidden("immutable", Frozen);
        foreach (var field in payloadFields)
        {
            if (!JsonAccess.SemanticEquals(obj[field], old[field])) yield return FieldCause.Forbidden(field, Frozen);
        }
    }
}
