using System.Net;
using ChaosLab.Network.Addressing;

namespace ChaosLab.Network.Ipam;

/// <summary>
/// Host-local IPAM like CNI's host-local plugin: one file per allocated address (named by the
/// address, holding the pod id) in a directory per bridge, under a lock. Allocation is idempotent
/// per pod id and round-robin after the last address handed out, so a released address is not
/// reused at once. The network address, the gateway (first address) and broadcast are never given.
/// </summary>
public sealed class HostLocalIpam
{
    private const string LockFile = "ipam.lock";
    private const string LastReservedFile = "last_reserved_ip";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private readonly IPNetwork _subnet;
    private readonly string _directory;

    public HostLocalIpam(IPNetwork subnet, string directory)
    {
        if (subnet.PrefixLength > 30)
        {
            throw new ArgumentException($"subnet {subnet} has no room for pods (a /30 or larger is needed)", nameof(subnet));
        }
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _subnet = subnet;
        _directory = directory;
    }

    public static HostLocalIpam For(NetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new HostLocalIpam(config.PodCidr, config.IpamDirectory);
    }

    /// <summary>How many pod addresses the subnet offers.</summary>
    public uint Capacity => Ipv4.Size(_subnet) - 3;

    /// <summary>The pod's address: the one it already holds, else the next free one.</summary>
    public async Task<IPAddress> AllocateAsync(string podId, CancellationToken ct = default)
    {
        ValidatePodId(podId);
        using var ipamLock = await LockAsync(ct);
        var allocations = ReadAllocations();
        if (allocations.FirstOrDefault(a => a.Value == podId).Key is { } existing)
        {
            return existing;
        }
        var start = NextOffsetAfterLastReserved();
        for (uint i = 0; i < Capacity; i++)
        {
            var offset = 2 + ((start - 2 + i) % Capacity);
            var candidate = Ipv4.AddressAt(_subnet, offset);
            if (allocations.ContainsKey(candidate))
            {
                continue;
            }
            await WriteAtomicallyAsync(PathOf(candidate), podId, ct);
            await WriteAtomicallyAsync(Path.Combine(_directory, LastReservedFile), candidate.ToString(), ct);
            return candidate;
        }
        throw new IpamExhaustedException($"no free address in {_subnet} for pod {podId}: all {Capacity} pod addresses are allocated (see {_directory})");
    }

    /// <summary>Frees the pod's address; returns it, or null when the pod held none (DEL is idempotent).</summary>
    public async Task<IPAddress?> ReleaseAsync(string podId, CancellationToken ct = default)
    {
        ValidatePodId(podId);
        using var ipamLock = await LockAsync(ct);
        IPAddress? released = null;
        foreach (var (address, owner) in ReadAllocations())
        {
            if (owner == podId)
            {
                File.Delete(PathOf(address));
                released = address;
            }
        }
        return released;
    }

    /// <summary>The pod's address, or null.</summary>
    public IPAddress? Find(string podId)
    {
        ValidatePodId(podId);
        return ReadAllocations().FirstOrDefault(a => a.Value == podId).Key;
    }

    /// <summary>Every allocation: address → pod id.</summary>
    public IReadOnlyDictionary<IPAddress, string> Allocations() => ReadAllocations();

    private Dictionary<IPAddress, string> ReadAllocations()
    {
        var result = new Dictionary<IPAddress, string>();
        if (!Directory.Exists(_directory))
        {
            return result;
        }
        foreach (var file in Directory.EnumerateFiles(_directory))
        {
            if (IPAddress.TryParse(Path.GetFileName(file), out var address) && _subnet.Contains(address))
            {
                result[address] = File.ReadAllText(file).Trim();
            }
        }
        return result;
    }

    private uint NextOffsetAfterLastReserved()
    {
        var path = Path.Combine(_directory, LastReservedFile);
        if (File.Exists(path) && IPAddress.TryParse(File.ReadAllText(path).Trim(), out var last) && _subnet.Contains(last))
        {
            var offset = Ipv4.ToUInt32(last) - Ipv4.ToUInt32(_subnet.BaseAddress);
            return offset + 1 >= Ipv4.Size(_subnet) - 1 ? 2 : Math.Max(2, offset + 1);
        }
        return 2;
    }

    /// <summary>Write then rename, so a reader without the lock never sees a half-written file.</summary>
    private static async Task WriteAtomicallyAsync(string path, string content, CancellationToken ct)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, content, ct);
        File.Move(temp, path, overwrite: true);
    }

    private string PathOf(IPAddress address) => Path.Combine(_directory, address.ToString());

    private async Task<FileLock> LockAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(_directory);
        return await FileLock.AcquireAsync(Path.Combine(_directory, LockFile), LockTimeout, ct);
    }

    private static void ValidatePodId(string podId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(podId);
        if (podId.Any(char.IsControl) || podId.Trim() != podId)
        {
            throw new ArgumentException($"pod id '{podId}' must not contain control characters or surrounding spaces", nameof(podId));
        }
    }
}
