namespace ChaosLab.ControllerManager.Common;

/// <summary>Labels and annotations arrive as IDictionary (which lacks GetValueOrDefault) and may be null.</summary>
internal static class StringMaps
{
    public static string? Lookup(this IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;
}
