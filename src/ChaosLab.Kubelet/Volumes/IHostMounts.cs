using System.Globalization;
using System.Text;

namespace ChaosLab.Kubelet.Volumes;

/// <summary>The node's mount table as volumes use it: tmpfs for memory-backed volumes, and finding what is mounted under a pod.</summary>
public interface IHostMounts
{
    /// <summary>Mounts a fresh tmpfs on <paramref name="path"/> (an existing directory), of at most <paramref name="sizeBytes"/> when given.</summary>
    void MountTmpfs(string path, long? sizeBytes);

    void Unmount(string path);

    /// <summary>The mount points at or below <paramref name="path"/>, deepest first.</summary>
    IReadOnlyList<string> MountPointsUnder(string path);
}

/// <summary><see cref="IHostMounts"/> on Linux: mount(2) and umount2(2) in the kubelet's mount namespace, which the runtime shares.</summary>
public sealed class LinuxHostMounts : IHostMounts
{
    public void MountTmpfs(string path, long? sizeBytes) =>
        NativeMethods.Mount("tmpfs", path, "tmpfs", NativeMethods.MsNoSuid | NativeMethods.MsNoDev,
            sizeBytes is { } size ? $"size={size.ToString(CultureInfo.InvariantCulture)}" : null);

    public void Unmount(string path) => NativeMethods.Unmount(path);

    public IReadOnlyList<string> MountPointsUnder(string path)
    {
        var root = Path.TrimEndingDirectorySeparator(path);
        return File.ReadLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => Unescape(fields[4]))
            .Where(point => point == root || point.StartsWith(root + "/", StringComparison.Ordinal))
            .Distinct()
            .OrderByDescending(point => point.Length)
            .ToList();
    }

    /// <summary>mountinfo writes space, tab, newline and backslash in a path as octal escapes (\040).</summary>
    internal static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }
        var bytes = new List<byte>();
        var plain = 0;
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                // Text between escapes is encoded as a whole: one char at a time would split a surrogate pair.
                bytes.AddRange(Encoding.UTF8.GetBytes(field[plain..i]));
                bytes.Add(Convert.ToByte(field.Substring(i + 1, 3), 8));
                i += 3;
                plain = i + 1;
            }
        }
        bytes.AddRange(Encoding.UTF8.GetBytes(field[plain..]));
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(string s, int at) =>
        at + 3 <= s.Length && s.Substring(at, 3).All(c => c is >= '0' and <= '7');
}
