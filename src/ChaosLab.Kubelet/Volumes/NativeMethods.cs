using System.Runtime.InteropServices;

namespace ChaosLab.Kubelet.Volumes;

/// <summary>The few libc calls volumes need that .NET does not offer: realpath, rename over a symlink, mount and umount.</summary>
internal static partial class NativeMethods
{
    public const ulong MsNoSuid = 2;
    public const ulong MsNoDev = 4;
    public const int MntDetach = 2;

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint RealPathNative(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);

    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameNative(string from, string to);

    [LibraryImport("libc", EntryPoint = "mount", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MountNative(string source, string target, string fileSystemType, ulong flags, string? data);

    [LibraryImport("libc", EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Umount2Native(string target, int flags);

    /// <summary>The path with every symlink, "." and ".." resolved; null when some part of it does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, 0);
        if (resolved == 0)
        {
            return null;
        }
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    /// <summary>rename(2): atomically replaces <paramref name="to"/>, also when both are symlinks (File.Move would look through them).</summary>
    public static void Rename(string from, string to) => Check(RenameNative(from, to), $"rename {from} to {to}");

    public static void Mount(string source, string target, string fileSystemType, ulong flags, string? data) =>
        Check(MountNative(source, target, fileSystemType, flags, data), $"mount {fileSystemType} on {target}");

    public static void Unmount(string target) => Check(Umount2Native(target, MntDetach), $"umount {target}");

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new IOException($"{what}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }
}
