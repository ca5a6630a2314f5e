namespace ChaosLab.Lab.Image;

/// <summary>Image references as Docker and containerd read them: "chaoslab/echo" means "chaoslab/echo:latest".</summary>
public static class ImageReference
{
    /// <summary>
    /// The reference with a tag: ":latest" added when it has neither tag nor digest. `docker save` of a bare
    /// repository would save every tag of it, old recipe tags included.
    /// </summary>
    public static string WithTag(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var name = reference.Trim();
        if (name.Contains('@', StringComparison.Ordinal) || HasTag(name))
        {
            return name;
        }
        return name + ":latest";
    }

    /// <summary>The repository without tag or digest: "chaoslab/echo:2" → "chaoslab/echo"; "localhost:5000/a:1" → "localhost:5000/a".</summary>
    public static string Repository(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var name = reference.Trim();
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            name = name[..at];
        }
        return HasTag(name) ? name[..name.LastIndexOf(':')] : name;
    }

    /// <summary>The tag, or null for a bare repository or a digest reference.</summary>
    public static string? Tag(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var name = reference.Trim();
        return name.Contains('@', StringComparison.Ordinal) || !HasTag(name) ? null : name[(name.LastIndexOf(':') + 1)..];
    }

    /// <summary>A ':' after the last '/' starts a tag; one before it belongs to a registry host:port.</summary>
    private static bool HasTag(string name) => name.LastIndexOf(':') > name.LastIndexOf('/');
}
