using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ChaosLab.Network.Addressing;

/// <summary>IPv4 arithmetic on a subnet: the plugin hands out addresses by offset from the network address.</summary>
public static class Ipv4
{
    public static uint ToUInt32(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        RequireIpv4(address, nameof(address));
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static IPAddress FromUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    /// <summary>The address <paramref name="offset"/> places after the network address (offset 1 = the gateway).</summary>
    public static IPAddress AddressAt(IPNetwork network, uint offset)
    {
        RequireIpv4(network.BaseAddress, nameof(network));
        if (offset >= Size(network))
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"offset {offset} is outside {network} ({Size(network)} addresses)");
        }
        return FromUInt32(ToUInt32(network.BaseAddress) + offset);
    }

    /// <summary>How many addresses the subnet spans, network and broadcast included.</summary>
    public static uint Size(IPNetwork network) => network.PrefixLength == 0 ? uint.MaxValue : 1u << (32 - network.PrefixLength);

    /// <summary>True when <paramref name="inner"/> lies wholly inside <paramref name="outer"/>.</summary>
    public static bool IsWithin(IPNetwork inner, IPNetwork outer) =>
        inner.PrefixLength >= outer.PrefixLength && outer.Contains(inner.BaseAddress);

    /// <summary>Parses "address/prefix", refusing host bits: IPNetwork.Parse would clear them silently and hide a typo.</summary>
    public static IPNetwork ParseSubnet(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IPNetwork.TryParse(text, out var subnet))
        {
            throw new FormatException($"'{text}' is not a subnet (address/prefix, e.g. 10.244.1.0/24)");
        }
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.Parse(text.AsSpan(0, slash)).Equals(subnet.BaseAddress))
        {
            throw new FormatException($"'{text}' has host bits set or no prefix; did you mean {subnet}?");
        }
        return subnet;
    }

    public static bool Overlaps(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    private static void RequireIpv4(IPAddress address, string parameter)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{address} is not an IPv4 address; the plugin is IPv4 only", parameter);
        }
    }
}
