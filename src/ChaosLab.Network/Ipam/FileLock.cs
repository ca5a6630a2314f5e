using System.Diagnostics;

namespace ChaosLab.Network.Ipam;

/// <summary>
/// An exclusive lock on a file, across processes: .NET opens with FileShare.None through flock(2), so
/// two plugin invocations on one node (the kubelet and a person at `chaoslab-node cni`) never
/// interleave. The lock goes when the handle is disposed or the process dies.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    public static async Task<FileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken ct = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (watch.Elapsed < timeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
            }
            catch (IOException ex)
            {
                throw new LockTimeoutException($"could not lock {path} within {timeout.TotalSeconds:0} s: another plugin call holds it ({ex.Message})", ex);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
