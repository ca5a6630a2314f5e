using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Validation;

/// <summary>The checks PersistentVolumes and PersistentVolumeClaims share: access modes and storage quantities.</summary>
internal static class PersistentVolumeRules
{
    public static readonly string[] AccessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
    public static readonly string[] VolumeModes = ["Block", "Filesystem"];

    public static IEnumerable<FieldCause> ValidateAccessModes(JsonObject? spec, string path)
    {
        var modes = spec.Strings("accessModes");
        if (modes.Count == 0)
        {
            yield return Causes.Required(path, "at least 1 access mode is required");
            yield break;
        }
        foreach (var mode in modes.Where(m => !AccessModes.Contains(m)))
        {
            yield return Causes.NotSupported(path, mode, AccessModes);
        }
        if (modes.Contains("ReadWriteOncePod") && modes.Count > 1)
        {
            yield return FieldCause.Forbidden(path, "may not use ReadWriteOncePod with other access modes");
        }
    }

    public static IEnumerable<FieldCause> ValidateVolumeMode(JsonObject? spec, string path)
    {
        if (spec.Str("volumeMode") is { } mode && !VolumeModes.Contains(mode))
        {
            yield return Causes.NotSupported(path, mode, VolumeModes);
        }
    }

    /// <summary>A storage quantity that must be above zero (capacity, a claim's request).</summary>
    public static IEnumerable<FieldCause> ValidatePositiveQuantity(JsonNode? node, string path)
    {
        var text = JsonAccess.Text(node);
        if (!PodQos.TryParseQuantity(text, out var value))
        {
            yield return Causes.Invalid(path, text, "must be a valid quantity");
        }
        else if (value <= 0)
        {
            yield return Causes.Invalid(path, text, "must be greater than zero");
        }
    }

    public static decimal? Quantity(JsonNode? node) => node is not null && PodQos.TryParseQuantity(JsonAccess.Text(node), out var value) ? value : null;
}
