using ChaosLab.Kubelet.Volumes;

namespace ChaosLab.Kubelet.Tests.Support;

/// <summary>A mount table in a list: tmpfs "mounts" are recorded and nothing is mounted for real.</summary>
internal sealed class FakeHostMounts : IHostMounts
{
    private readonly List<string> _mounted = [];

    /// <summary>Mount points that refuse to be unmounted (busy), as umount2 failing would.</summary>
    public HashSet<string> Busy { get; } = [];

    public List<string> Unmounted { get; } = [];

    public IReadOnlyList<string> Mounted => _mounted;

    public void MountTmpfs(string path, long? sizeBytes) => _mounted.Add(path);

    public void Unmount(string path)
    {
        if (Busy.Contains(path))
        {
            throw new IOException($"umount {path}: Device or resource busy");
        }
        _mounted.Remove(path);
        Unmounted.Add(path);
    }

    public IReadOnlyList<string> MountPointsUnder(string path) =>
        _mounted.Where(p => p == path || p.StartsWith(path + "/", StringComparison.Ordinal)).OrderByDescending(p => p.Length).ToList();
}
