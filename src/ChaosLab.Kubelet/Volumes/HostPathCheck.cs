using CliWrap;
using CliWrap.Buffered;

namespace ChaosLab.Kubelet.Volumes;

/// <summary>
/// A hostPath volume's type check, as upstream makes it before the volume is used: DirectoryOrCreate and FileOrCreate
/// make what is missing (a directory with its parents, 0755; an empty file, 0644, whose directory must exist), then
/// the path must be of the type; "" checks nothing (the runtime makes a missing path a directory). A path with ".."
/// is refused whatever the type.
/// </summary>
public static class HostPathCheck
{
    /// <exception cref="VolumeSetUpException">The path is missing or of another type, or cannot be made.</exception>
    public static async Task CheckAsync(string path, string? type, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Split('/').Contains(".."))
        {
            // Checked whatever the type, as upstream's SetUp does: a prefix rule on hostPaths must not be walked around.
            throw new VolumeSetUpException($"invalid HostPath `{path}`: must not contain '..'");
        }
        try
        {
            switch (type ?? "")
            {
                case "":
                    return;
                case "DirectoryOrCreate":
                    if (!Path.Exists(path))
                    {
                        Directory.CreateDirectory(path, (UnixFileMode)0x1ED);
                    }
                    await ExpectAsync(path, "Directory", "directory", ct);
                    return;
                case "Directory":
                    await ExpectAsync(path, "Directory", "directory", ct);
                    return;
                case "FileOrCreate":
                    if (!Path.Exists(path))
                    {
                        using (File.Open(path, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = (UnixFileMode)0x1A4 }))
                        {
                        }
                    }
                    await ExpectAsync(path, "File", "file", ct);
                    return;
                case "File":
                    await ExpectAsync(path, "File", "file", ct);
                    return;
                case "Socket":
                    await ExpectAsync(path, "Socket", "socket file", ct);
                    return;
                case "CharDevice":
                    await ExpectAsync(path, "CharDevice", "character device", ct);
                    return;
                case "BlockDevice":
                    await ExpectAsync(path, "BlockDevice", "block device", ct);
                    return;
                default:
                    throw new VolumeSetUpException($"{type} is an invalid volume type");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new VolumeSetUpException(ex.Message, ex);
        }
    }

    private static async Task ExpectAsync(string path, string expected, string description, CancellationToken ct)
    {
        // Exists as stat(2) sees it, through links (.NET's Path.Exists is true for a dangling link).
        if (NativeMethods.RealPath(path) is null)
        {
            // Upstream's words for a missing path too: its checker finds it "not a directory", and e2e tests look for that.
            throw new VolumeSetUpException($"hostPath type check failed: {path} is not a {description}");
        }
        var actual = await FileTypeAsync(path, ct);
        if (actual != expected)
        {
            throw new VolumeSetUpException($"hostPath type check failed: {path} is not a {description}, it's a {actual}");
        }
    }

    /// <summary>Upstream's names for file types. .NET cannot tell a socket or a device from a file; stat(1) can.</summary>
    internal static async Task<string> FileTypeAsync(string path, CancellationToken ct)
    {
        if (Directory.Exists(path))
        {
            return "Directory";
        }
        var stat = await Cli.Wrap("stat").WithArguments(["-L", "-c", "%F", path]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
        return stat.IsSuccess ? TypeOf(stat.StandardOutput.Trim()) : throw new VolumeSetUpException(
            $"hostPath type check failed, unable to determine the type of {path}: {stat.StandardError.Trim()}");
    }

    internal static string TypeOf(string statDescription) => statDescription switch
    {
        "directory" => "Directory",
        "socket" => "Socket",
        "character special file" => "CharDevice",
        "block special file" => "BlockDevice",
        "regular file" or "regular empty file" => "File",
        _ => statDescription,
    };
}
