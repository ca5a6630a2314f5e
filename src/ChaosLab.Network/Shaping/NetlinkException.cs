using System.Runtime.InteropServices;

namespace ChaosLab.Network.Shaping;

/// <summary>A netlink call or request that the kernel refused, with the errno it gave.</summary>
public sealed class NetlinkException : IOException
{
    public const int EPerm = 1;
    public const int EBusy = 16;

    public NetlinkException(string what, int errno)
        : base($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}){Hint(errno)}") => Errno = errno;

    public NetlinkException()
    {
    }

    public NetlinkException(string message)
        : base(message)
    {
    }

    public NetlinkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Errno { get; }

    private static string Hint(int errno) => errno switch
    {
        // The kernel answers EPERM both to an unprivileged bind and to a bind of a queue another socket holds.
        EPerm => "; binding needs CAP_NET_ADMIN in the network namespace, and the queue must not be held by another process",
        EBusy => "; this socket is already bound to the queue",
        _ => "",
    };
}
