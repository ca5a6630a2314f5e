namespace ChaosLab.Kubelet.Volumes;

/// <summary>
/// Where volumes live on the node, as upstream lays them out under the kubelet's root directory:
/// ROOT/pods/UID/volumes/PLUGIN/NAME, with upstream's plugin directory names (kubernetes.io~configmap, ...).
/// hostPath volumes are the node's own paths and live nowhere here.
/// </summary>
public sealed class VolumeLayout(string rootDir)
{
    public const string EmptyDir = "kubernetes.io~empty-dir";
    public const string ConfigMap = "kubernetes.io~configmap";
    public const string Secret = "kubernetes.io~secret";
    public const string Projected = "kubernetes.io~projected";
    public const string DownwardApi = "kubernetes.io~downward-api";

    public string PodsDirectory { get; } = Path.Combine(rootDir, "pods");

    /// <exception cref="ArgumentException">The uid is not a single, ordinary path component.</exception>
    public string PodDirectory(string uid)
    {
        if (string.IsNullOrEmpty(uid) || uid is "." or ".." || uid.Contains('/', StringComparison.Ordinal) || uid.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"pod uid \"{uid}\" cannot name a directory", nameof(uid));
        }
        return Path.Combine(PodsDirectory, uid);
    }

    public string VolumeDirectory(string uid, string plugin, string name) => Path.Combine(PodDirectory(uid), "volumes", plugin, name);
}
