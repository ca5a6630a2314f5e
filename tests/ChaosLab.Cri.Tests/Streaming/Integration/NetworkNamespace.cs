using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ChaosLab.Cri.Tests.Streaming.Integration;

/// <summary>
/// TCP connections made from inside another network namespace (a lab node's), so that the test, running on
/// the host, reaches containerd's streaming server, which listens on the node's 127.0.0.1 only. A socket
/// belongs to the namespace it was created in: a short-lived thread enters the node's namespace (setns),
/// creates the socket, and returns to its own; connecting and all traffic then happen on ordinary threads.
/// Needs root (CAP_SYS_ADMIN), as the lab itself does.
/// </summary>
internal static class NetworkNamespace
{
    private const int CloneNewNet = 0x4000_0000;
    private const int OpenReadOnlyCloseOnExec = 0x80000;

    /// <summary>Connects to <paramref name="endpoint"/> as seen from the namespace at <paramref name="namespacePath"/> (/proc/PID/ns/net).</summary>
    public static async ValueTask<Stream> ConnectAsync(string namespacePath, IPEndPoint endpoint, CancellationToken ct)
    {
        var socket = CreateSocketIn(namespacePath);
        try
        {
            await socket.ConnectAsync(endpoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Socket CreateSocketIn(string namespacePath)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                socket = CreateOnThisThread(namespacePath);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? socket! : throw new IOException($"cannot create a socket in {namespacePath}: {failure.Message}", failure);
    }

    private static Socket CreateOnThisThread(string namespacePath)
    {
        var own = Open("/proc/thread-self/ns/net");
        try
        {
            var target = Open(namespacePath);
            try
            {
                Check(setns(target, CloneNewNet), "setns into " + namespacePath);
            }
            finally
            {
                _ = close(target);
            }
            try
            {
                return new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            }
            finally
            {
                Check(setns(own, CloneNewNet), "setns back");
            }
        }
        finally
        {
            _ = close(own);
        }
    }

    private static int Open(string path)
    {
        var fd = open(path, OpenReadOnlyCloseOnExec);
        Check(fd, "open " + path);
        return fd;
    }

    private static void Check(int result, string what)
    {
        if (result < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), what);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
