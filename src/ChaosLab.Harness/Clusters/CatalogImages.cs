namespace ChaosLab.Harness.Clusters;

/// <summary>
/// Where a target finds the catalog's pod images (chaoslab/echo, chaoslab/shell, chaoslab/pause). A bundled lab and a
/// cluster whose nodes are Docker containers get them loaded into every node (<see cref="TargetImageLoader"/>); any
/// other cluster pulls them from where the user pushed them, named by CHAOSLAB_IMAGE_PREFIX
/// ("registry.example/chaoslab/" makes chaoslab/echo registry.example/chaoslab/echo).
/// </summary>
public static class CatalogImages
{
    public const string PrefixVariable = "CHAOSLAB_IMAGE_PREFIX";

    /// <summary>The repository prefix of ChaosLab's own images.</summary>
    public const string OwnPrefix = "chaoslab/";

    public static string? Prefix => Environment.GetEnvironmentVariable(PrefixVariable) is { Length: > 0 } prefix ? prefix : null;

    /// <summary>The reference a pod uses for <paramref name="image"/>: ChaosLab's own images under the prefix when one is set; any other image as written.</summary>
    public static string Resolve(string image, string? prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        if (prefix is not { Length: > 0 } || !image.StartsWith(OwnPrefix, StringComparison.Ordinal))
        {
            return image;
        }
        return prefix.EndsWith('/') ? prefix + image[OwnPrefix.Length..] : $"{prefix}/{image[OwnPrefix.Length..]}";
    }
}
