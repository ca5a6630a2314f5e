using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ChaosLab.Network.Shaping;

/// <summary>
/// A NETLINK_NETFILTER socket through libc: .NET has no AddressFamily for netlink, so the socket is
/// made, bound and used with P/Invoke on a <see cref="SafeSocketHandle"/>. Receives time out so that a
/// receive loop can notice cancellation.
/// </summary>
public sealed class NetlinkSocket : IDisposable
{
    private const int AfNetlink = 16;
    private const int SockRaw = 3;
    private const int SockCloexec = 0x80000;
    private const int NetlinkNetfilter = 12;
    private const int SolSocket = 1;
    private const int SoRcvbuf = 8;
    private const int SoRcvtimeo = 20;
    private const int SoRcvbufforce = 33;
    private const int EIntr = 4;
    private const int EAgain = 11;
    private const int ENoBufs = 105;

    private readonly SafeSocketHandle _handle;

    private NetlinkSocket(SafeSocketHandle handle) => _handle = handle;

    /// <summary>Receives that failed with ENOBUFS: the kernel could not queue messages to this socket and dropped them.</summary>
    public long Overruns { get; private set; }

    /// <summary>Opens and binds the socket (the kernel picks the port id), with the receive buffer and timeout given.</summary>
    public static NetlinkSocket Open(int receiveBufferBytes, TimeSpan receiveTimeout)
    {
        var fd = socket(AfNetlink, SockRaw | SockCloexec, NetlinkNetfilter);
        if (fd < 0)
        {
            throw new NetlinkException("socket(AF_NETLINK, NETLINK_NETFILTER)", Marshal.GetLastPInvokeError());
        }
        var result = new NetlinkSocket(new SafeSocketHandle(fd, ownsHandle: true));
        try
        {
            var address = new SockaddrNl { Family = AfNetlink };
            if (bind(result._handle, ref address, Marshal.SizeOf<SockaddrNl>()) != 0)
            {
                throw new NetlinkException("bind(AF_NETLINK)", Marshal.GetLastPInvokeError());
            }
            // SO_RCVBUFFORCE passes rmem_max when privileged; a burst of queued packets must not overflow the socket.
            if (setsockopt(result._handle, SolSocket, SoRcvbufforce, ref receiveBufferBytes, sizeof(int)) != 0
                && setsockopt(result._handle, SolSocket, SoRcvbuf, ref receiveBufferBytes, sizeof(int)) != 0)
            {
                throw new NetlinkException("setsockopt(SO_RCVBUF)", Marshal.GetLastPInvokeError());
            }
            var timeout = new Timeval { Seconds = (long)receiveTimeout.TotalSeconds, Microseconds = receiveTimeout.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond };
            if (setsockopt(result._handle, SolSocket, SoRcvtimeo, ref timeout, Marshal.SizeOf<Timeval>()) != 0)
            {
                throw new NetlinkException("setsockopt(SO_RCVTIMEO)", Marshal.GetLastPInvokeError());
            }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>Sends one datagram (one or more netlink messages) to the kernel.</summary>
    public void Send(ReadOnlySpan<byte> datagram)
    {
        while (true)
        {
            var sent = send(_handle, ref MemoryMarshal.GetReference(datagram), (nuint)datagram.Length, 0);
            if (sent >= 0)
            {
                return;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EIntr)
            {
                throw new NetlinkException("send(netlink)", errno);
            }
        }
    }

    /// <summary>
    /// Receives one datagram into the buffer and returns its length, or 0 when there was nothing:
    /// the timeout passed, a signal interrupted, or the socket overran (counted in <see cref="Overruns"/>).
    /// </summary>
    public int Receive(Span<byte> buffer)
    {
        var received = recv(_handle, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length, 0);
        if (received >= 0)
        {
            return (int)received;
        }
        var errno = Marshal.GetLastPInvokeError();
        switch (errno)
        {
            case EAgain or EIntr:
                return 0;
            case ENoBufs:
                Overruns++;
                return 0;
            default:
                throw new NetlinkException("recv(netlink)", errno);
        }
    }

    public void Dispose() => _handle.Dispose();

    [StructLayout(LayoutKind.Sequential)]
    private struct SockaddrNl
    {
        public ushort Family;
        public ushort Pad;
        public uint PortId;
        public uint Groups;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timeval
    {
        public long Seconds;
        public long Microseconds;
    }

#pragma warning disable SYSLIB1054 // LibraryImport's generated code needs unsafe blocks, which this project does not allow.
    [DllImport("libc", SetLastError = true)]
    private static extern int socket(int domain, int type, int protocol);

    [DllImport("libc", SetLastError = true)]
    private static extern int bind(SafeSocketHandle fd, ref SockaddrNl address, int length);

    [DllImport("libc", SetLastError = true)]
    private static extern int setsockopt(SafeSocketHandle fd, int level, int name, ref int value, int length);

    [DllImport("libc", SetLastError = true)]
    private static extern int setsockopt(SafeSocketHandle fd, int level, int name, ref Timeval value, int length);

    [DllImport("libc", SetLastError = true)]
    private static extern nint send(SafeSocketHandle fd, ref byte buffer, nuint length, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern nint recv(SafeSocketHandle fd, ref byte buffer, nuint length, int flags);
#pragma warning restore SYSLIB1054
}
