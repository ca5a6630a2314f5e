using System.Formats.Tar;

namespace ChaosLab.Lab.Image;

/// <summary>
/// Writes chaoslab/pause's whole root filesystem as a tar for `docker import`: busybox, its applet
/// links, the script, and empty directories. Fixed owners and times, so equal inputs give equal tars.
/// </summary>
public static class PauseRootFilesystem
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    private const UnixFileMode Executable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Finds busybox in the package's unpacked tree (mmdebstrap's tar) and writes the image's tar.</summary>
    /// <exception cref="LabException">The package's tar has no busybox.</exception>
    public static async Task WriteFromPackageTarAsync(string packageTar, string outputTar, CancellationToken ct = default)
    {
        await using var input = File.OpenRead(packageTar);
        await using var reader = new TarReader(input);
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            // bookworm ships /bin/busybox; accept /usr/bin too should a later suite move it.
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile
                && entry.Name.TrimStart('.', '/') is "bin/busybox" or "usr/bin/busybox"
                && entry.DataStream is { } busybox)
            {
                // The entry's stream is the tar's, and has no length of its own: a copy has one.
                using var binary = new MemoryStream();
                await busybox.CopyToAsync(binary, ct);
                binary.Position = 0;
                await using var output = File.Create(outputTar);
                await WriteAsync(binary, output, ct);
                return;
            }
        }
        throw new LabException($"{PauseImageRecipe.Package} unpacked without a busybox binary ({packageTar}); the pause image cannot be built");
    }

    public static async Task WriteAsync(Stream busybox, Stream output, CancellationToken ct = default)
    {
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await writer.WriteEntryAsync(DirectoryEntry("bin"), ct);
        await writer.WriteEntryAsync(FileEntry("bin/busybox", busybox), ct);
        foreach (var applet in PauseImageRecipe.Applets)
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, $"bin/{applet}") { LinkName = "busybox", ModificationTime = Epoch }, ct);
        }
        await writer.WriteEntryAsync(FileEntry(PauseImageRecipe.ScriptPath, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(PauseImageRecipe.Script))), ct);
        foreach (var directory in PauseImageRecipe.Directories)
        {
            var entry = DirectoryEntry(directory);
            if (directory == "tmp")
            {
                entry.Mode |= UnixFileMode.StickyBit | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
            }
            await writer.WriteEntryAsync(entry, ct);
        }
    }

    private static PaxTarEntry DirectoryEntry(string name) =>
        new(TarEntryType.Directory, name + "/") { Mode = Executable, ModificationTime = Epoch };

    private static PaxTarEntry FileEntry(string name, Stream data) =>
        new(TarEntryType.RegularFile, name) { Mode = Executable, ModificationTime = Epoch, DataStream = data };
}
