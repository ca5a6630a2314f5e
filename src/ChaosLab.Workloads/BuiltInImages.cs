namespace ChaosLab.Workloads;

/// <summary>
/// The images a pod may name. No registry exists: an image name maps to code built into
/// chaoslab-node. Tags and digests are accepted and ignored ("chaoslab/echo:2" is chaoslab/echo);
/// any other registry or repository prefix is unknown.
/// </summary>
public static class BuiltInImages
{
    public const string Echo = "chaoslab/echo";
    public const string Pause = "chaoslab/pause";
    public const string Shell = "chaoslab/shell";

    /// <summary>Every built-in image with what it does.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        [Echo] = "HTTP on :8080 (PORT) answering with pod, namespace, node, pod IP and client as JSON; /healthz, /ready (503 while /tmp/unready exists)",
        [Pause] = "sleeps until SIGTERM or SIGINT, then exits 0",
        [Shell] = "runs its command and args joined with spaces through /bin/sh -c and returns the exit code",
    };

    /// <summary>The image's name without tag or digest: "chaoslab/echo:2" → "chaoslab/echo". Unknown names come back stripped too.</summary>
    public static string Normalize(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var name = image.Trim();
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            name = name[..at];
        }
        // A ':' after the last '/' starts a tag; one before it belongs to a registry host:port.
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            name = name[..colon];
        }
        return name;
    }

    public static bool IsKnown(string image) => image is not null && All.ContainsKey(Normalize(image));

    /// <summary>A sentence for an unknown image, naming the known ones.</summary>
    public static string UnknownMessage(string image) =>
        $"unknown image '{image}': no registry exists here; built-in images are {string.Join(", ", All.Keys)} (any :tag is ignored)";
}
