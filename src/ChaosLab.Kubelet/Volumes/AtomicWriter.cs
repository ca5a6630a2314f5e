using System.Globalization;
using System.Security.Cryptography;

namespace ChaosLab.Kubelet.Volumes;

/// <summary>
/// Writes a set of files into a volume directory so that a reader never sees a mix of old and new, with upstream's
/// scheme: the files live in a hidden timestamped directory (..2024_05_01_10_00_00.1234), `..data` is a symlink to
/// it, and each visible top-level name is a symlink through `..data` (key -> ..data/key). An update writes a new
/// timestamped directory and renames a fresh `..data_tmp` link over `..data`, an atomic rename(2); then stale names
/// and the old directory go. Every link is relative, so the volume reads the same once mounted in a container.
/// Not safe for concurrent writers of one directory; the kubelet syncs one pod at a time.
/// </summary>
public static class AtomicWriter
{
    public const string DataDirName = "..data";
    private const string NewDataDirName = "..data_tmp";
    private const int MaxPathLength = 4096;
    private const int MaxFileNameLength = 255;

    /// <summary>Makes <paramref name="targetDir"/> (which exists) hold exactly <paramref name="payload"/>; false when it already did.</summary>
    /// <exception cref="VolumeSetUpException">A path in the payload is not allowed.</exception>
    public static bool Write(string targetDir, IReadOnlyDictionary<string, FileProjection> payload)
    {
        ArgumentNullException.ThrowIfNull(targetDir);
        ArgumentNullException.ThrowIfNull(payload);
        var clean = Validate(payload);
        var dataDir = Path.Combine(targetDir, DataDirName);
        var oldName = new FileInfo(dataDir).LinkTarget;
        var oldDir = oldName is null ? null : Path.Combine(targetDir, oldName);

        var stale = new List<string>();
        if (oldDir is not null && Directory.Exists(oldDir))
        {
            stale = StalePaths(clean, oldDir);
            if (stale.Count == 0 && clean.All(p => Unchanged(Path.Combine(oldDir, p.Key), p.Value)))
            {
                return false;
            }
        }

        var newDir = NewTimestampDirectory(targetDir);
        WritePayload(clean, newDir);
        CreateVisibleLinks(clean, targetDir);
        var newLink = Path.Combine(targetDir, NewDataDirName);
        DeleteEntry(newLink);
        File.CreateSymbolicLink(newLink, Path.GetFileName(newDir));
        NativeMethods.Rename(newLink, dataDir);
        foreach (var name in stale.Where(p => !p.Contains('/', StringComparison.Ordinal)))
        {
            DeleteEntry(Path.Combine(targetDir, name));
        }
        if (oldDir is not null && Directory.Exists(oldDir) && oldName != Path.GetFileName(newDir))
        {
            Directory.Delete(oldDir, recursive: true);
        }
        return true;
    }

    /// <summary>A digest of a payload, to tell cheaply whether it changed since it was last written.</summary>
    public static string Fingerprint(IReadOnlyDictionary<string, FileProjection> payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, file) in payload.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{path}\0{file.Mode.ToString(CultureInfo.InvariantCulture)}\0{file.Data.Length.ToString(CultureInfo.InvariantCulture)}\0"));
            hash.AppendData(file.Data);
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Upstream's rules: relative, no "..", not starting with "..", names and paths within Linux's limits.</summary>
    private static Dictionary<string, FileProjection> Validate(IReadOnlyDictionary<string, FileProjection> payload)
    {
        var clean = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        foreach (var (path, file) in payload)
        {
            if (path.Length == 0)
            {
                throw new VolumeSetUpException("invalid path: must not be empty");
            }
            if (path.StartsWith('/'))
            {
                throw new VolumeSetUpException($"invalid path: must be relative path: {path}");
            }
            if (path.Length > MaxPathLength)
            {
                throw new VolumeSetUpException($"invalid path: must be less than or equal to {MaxPathLength} characters");
            }
            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
            if (parts.Contains(".."))
            {
                throw new VolumeSetUpException($"invalid path: must not contain '..': {path}");
            }
            if (parts.Any(p => p.Length > MaxFileNameLength))
            {
                throw new VolumeSetUpException($"invalid path: filenames must be less than or equal to {MaxFileNameLength} characters");
            }
            if (parts.Length == 0 || parts[0].StartsWith("..", StringComparison.Ordinal))
            {
                throw new VolumeSetUpException($"invalid path: must not start with '..': {path}");
            }
            clean[string.Join('/', parts)] = file;
        }
        return clean;
    }

    private static bool Unchanged(string path, FileProjection file) =>
        File.Exists(path) && ((int)File.GetUnixFileMode(path) & 0xFFF) == (file.Mode & 0xFFF) && File.ReadAllBytes(path).AsSpan().SequenceEqual(file.Data);

    /// <summary>What the old version has that the new one does not (a file, or a directory no new file lives in).</summary>
    private static List<string> StalePaths(Dictionary<string, FileProjection> payload, string oldDir)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in payload.Keys)
        {
            for (var p = path; p.Length > 0; p = Path.GetDirectoryName(p) ?? "")
            {
                keep.Add(p);
            }
        }
        return Directory.EnumerateFileSystemEntries(oldDir, "*", SearchOption.AllDirectories)
            .Select(entry => Path.GetRelativePath(oldDir, entry))
            .Where(relative => !keep.Contains(relative))
            .ToList();
    }

    private static string NewTimestampDirectory(string targetDir)
    {
        var stamp = DateTime.UtcNow.ToString("..yyyy_MM_dd_HH_mm_ss.", CultureInfo.InvariantCulture);
        while (true)
        {
            var dir = Path.Combine(targetDir, stamp + RandomNumberGenerator.GetInt32(int.MaxValue).ToString(CultureInfo.InvariantCulture));
            if (!Path.Exists(dir))
            {
                Directory.CreateDirectory(dir);
                // 0755 whatever the umask: group and others must be able to walk to the files.
                File.SetUnixFileMode(dir, (UnixFileMode)0x1ED);
                return dir;
            }
        }
    }

    private static void WritePayload(Dictionary<string, FileProjection> payload, string dir)
    {
        foreach (var (path, file) in payload)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, file.Data);
            // Set after writing: the mode given at creation is cut by the umask.
            File.SetUnixFileMode(full, (UnixFileMode)(file.Mode & 0xFFF));
        }
    }

    /// <summary>key -> ..data/key for each top-level name, made once; `..data` decides what it reaches.</summary>
    private static void CreateVisibleLinks(Dictionary<string, FileProjection> payload, string targetDir)
    {
        foreach (var name in payload.Keys.Select(p => p.Split('/')[0]).Distinct(StringComparer.Ordinal))
        {
            var visible = Path.Combine(targetDir, name);
            if (new FileInfo(visible).LinkTarget is null && !Path.Exists(visible))
            {
                File.CreateSymbolicLink(visible, $"{DataDirName}/{name}");
            }
        }
    }

    /// <summary>Removes a file or a symlink itself (never what a link points to); nothing when there is nothing.</summary>
    private static void DeleteEntry(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || info.Exists)
        {
            info.Delete();
        }
        else if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
