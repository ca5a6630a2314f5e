using System.Net;

namespace ChaosLab.Lab.Network;

/// <summary>
/// Node subnets for labs that do not pin one: /24s of 172.30.0.0/16 that no Docker network uses yet,
/// so labs of the same topology can run side by side.
/// </summary>
public static class SubnetPool
{
    public static readonly IPNetwork Pool = IPNetwork.Parse("172.30.0.0/16");

    public static IEnumerable<IPNetwork> FreeSubnets(IReadOnlyCollection<IPNetwork> used)
    {
        for (var third = 0; third < 256; third++)
        {
            var candidate = new IPNetwork(new IPAddress([172, 30, (byte)third, 0]), 24);
            if (!used.Any(u => Overlaps(u, candidate)))
            {
                yield return candidate;
            }
        }
    }

    /// <summary>
    /// One free subnet chosen at random, or null when none is left: two labs planned at the same moment (parallel
    /// test runs) would otherwise both take the first free one, and the second network would fail with "Pool overlaps".
    /// </summary>
    public static IPNetwork? PickFree(IReadOnlyCollection<IPNetwork> used, Random? random = null)
    {
        var free = FreeSubnets(used).ToList();
        return free.Count == 0 ? null : free[(random ?? Random.Shared).Next(free.Count)];
    }

    /// <summary>Nodes take addresses from this offset on; the ones below are the gateway's (offset 1) and kept free.</summary>
    public const int FirstNodeOffset = 10;

    /// <summary>The prefix length of the subnet picked for a lab that does not pin one.</summary>
    public const int PickedPrefixLength = 24;

    /// <summary>How many nodes fit a subnet of this prefix length: from <see cref="FirstNodeOffset"/> to the last address before broadcast.</summary>
    public static long NodeCapacity(int prefixLength) => Math.Max(0, (1L << (32 - prefixLength)) - 1 - FirstNodeOffset);

    public static bool Overlaps(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    /// <summary>The address at OFFSET within a subnet (offset 1 is the gateway).</summary>
    public static IPAddress AddressAt(IPNetwork subnet, int offset)
    {
        var bytes = subnet.BaseAddress.GetAddressBytes();
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]) + (uint)offset;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }
}
