using System.Collections;
using System.Net;

namespace ChaosLab.ControllerManager.NodeIpam;

/// <summary>
/// The node-sized subnets of one cluster CIDR and which are taken (upstream's cidrset): a bitmap over
/// the 2^(nodeMask - clusterPrefix) subnets, allocated round-robin from the last allocation so a freed
/// range is not handed straight back out while stale routes may still point at it.
/// </summary>
internal sealed class CidrSet
{
    /// <summary>Upstream refuses more than 16 bits of subnets (65536 nodes' worth).</summary>
    public const int MaxSubnetBits = 16;

    private readonly UInt128 _base;
    private readonly int _addressBits;
    private readonly BitArray _used;
    private int _next;

    public CidrSet(IPNetwork cluster, int nodeMaskSize)
    {
        _addressBits = cluster.BaseAddress.GetAddressBytes().Length * 8;
        if (nodeMaskSize < cluster.PrefixLength || nodeMaskSize > _addressBits)
        {
            throw new ArgumentException($"node CIDR mask size {nodeMaskSize} does not fit cluster CIDR {cluster}");
        }
        if (nodeMaskSize - cluster.PrefixLength > MaxSubnetBits)
        {
            throw new ArgumentException($"cluster CIDR {cluster} with node mask /{nodeMaskSize} has more than 2^{MaxSubnetBits} subnets");
        }
        Cluster = cluster;
        NodeMaskSize = nodeMaskSize;
        _base = ToNumber(cluster.BaseAddress);
        _used = new BitArray(1 << (nodeMaskSize - cluster.PrefixLength));
    }

    public IPNetwork Cluster { get; }

    public int NodeMaskSize { get; }

    public int Capacity => _used.Length;

    public int Allocated { get; private set; }

    /// <summary>The next free subnet, or null when all are taken.</summary>
    public IPNetwork? AllocateNext()
    {
        for (var i = 0; i < _used.Length; i++)
        {
            var index = (_next + i) % _used.Length;
            if (!_used[index])
            {
                _used[index] = true;
                Allocated++;
                _next = (index + 1) % _used.Length;
                return SubnetAt(index);
            }
        }
        return null;
    }

    /// <summary>Marks every subnet <paramref name="cidr"/> covers as taken; false if it is not inside the cluster CIDR.</summary>
    public bool Occupy(IPNetwork cidr) => Mark(cidr, used: true);

    public bool Release(IPNetwork cidr) => Mark(cidr, used: false);

    public bool IsAllocated(IPNetwork cidr) =>
        Indices(cidr) is { } range && Enumerable.Range(range.First, range.Count).All(i => _used[i]);

    public bool SameFamily(IPNetwork cidr) => cidr.BaseAddress.AddressFamily == Cluster.BaseAddress.AddressFamily;

    private bool Mark(IPNetwork cidr, bool used)
    {
        if (Indices(cidr) is not { } range)
        {
            return false;
        }
        for (var i = range.First; i < range.First + range.Count; i++)
        {
            if (_used[i] != used)
            {
                _used[i] = used;
                Allocated += used ? 1 : -1;
            }
        }
        return true;
    }

    /// <summary>The subnet indices a CIDR covers: one for a node-sized CIDR, several for a larger one, none outside.</summary>
    private (int First, int Count)? Indices(IPNetwork cidr)
    {
        if (!SameFamily(cidr) || cidr.PrefixLength < Cluster.PrefixLength || !Cluster.Contains(cidr.BaseAddress))
        {
            return null;
        }
        var offset = ToNumber(cidr.BaseAddress) - _base;
        var first = (int)(offset >> (_addressBits - NodeMaskSize));
        var count = cidr.PrefixLength >= NodeMaskSize ? 1 : 1 << (NodeMaskSize - cidr.PrefixLength);
        return (first, Math.Min(count, _used.Length - first));
    }

    private IPNetwork SubnetAt(int index)
    {
        var address = _base + ((UInt128)index << (_addressBits - NodeMaskSize));
        return new IPNetwork(FromNumber(address, _addressBits / 8), NodeMaskSize);
    }

    private static UInt128 ToNumber(IPAddress address)
    {
        UInt128 value = 0;
        foreach (var b in address.GetAddressBytes())
        {
            value = (value << 8) | b;
        }
        return value;
    }

    private static IPAddress FromNumber(UInt128 value, int length)
    {
        var bytes = new byte[length];
        for (var i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xff);
            value >>= 8;
        }
        return new IPAddress(bytes);
    }
}
