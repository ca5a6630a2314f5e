using System.Globalization;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Validation;

/// <summary>Upstream's ValidatePositiveIntOrPercent and IsNotMoreThan100Percent for an intstr.IntOrString field.</summary>
internal static class IntOrPercentRules
{
    public static IEnumerable<FieldCause> Validate(JsonNode? value, string path)
    {
        if (value is null)
        {
            yield break;
        }
        if (JsonAccess.AsNumber(value) is { } n)
        {
            if (n < 0) yield return Causes.Invalid(path, n, Causes.NonNegative);
            yield break;
        }
        var text = JsonAccess.Text(value);
        foreach (var message in NameRules.IsValidPercent(text))
        {
            yield return Causes.InvalidRaw(path, Causes.GoIntOrString(value), message);
        }
        if (Percent(text) > 100)
        {
            yield return Causes.InvalidRaw(path, Causes.GoIntOrString(value), "must not be greater than 100%");
        }
    }

    public static decimal? Percent(string text) =>
        NameRules.IsValidPercent(text).Count == 0 && decimal.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;
}
