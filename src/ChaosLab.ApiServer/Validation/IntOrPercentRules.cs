using System.Globalization;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Validation;

/// <summary>intstr.IntOrString fields of rolling updates (maxSurge, maxUnavailable): upstream's checks and values.</summary>
internal static class IntOrPercentRules
{
    /// <summary>Upstream's ValidatePositiveIntOrPercent: a non-negative integer or a valid percent string.</summary>
    public static IEnumerable<FieldCause> Validate(JsonNode? value, string path) =>
        JsonAccess.AsNumber(value) is { } n
            ? n < 0 ? [Causes.Invalid(path, n, Causes.NonNegative)] : []
            : value is null ? [] : NameRules.IsValidPercent(JsonAccess.Text(value)).Select(m => Causes.InvalidRaw(path, Causes.GoIntOrString(value), m));

    /// <summary>Upstream's IsNotMoreThan100Percent: only percent strings are bounded.</summary>
    public static IEnumerable<FieldCause> NotMoreThan100Percent(JsonNode? value, string path) =>
        value is JsonValue && JsonAccess.AsNumber(value) is null && Percent(JsonAccess.Text(value)) > 100
            ? [Causes.InvalidRaw(path, Causes.GoIntOrString(value), "must not be greater than 100%")]
            : [];

    /// <summary>Upstream's getIntOrPercentValue: the integer, or the number before the '%'; 0 when unset or malformed.</summary>
    public static decimal ValueOf(JsonNode? value) =>
        JsonAccess.AsNumber(value) ?? Percent(JsonAccess.Text(value)) ?? 0;

    private static decimal? Percent(string text) =>
        NameRules.IsValidPercent(text).Count == 0 && decimal.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;
}
