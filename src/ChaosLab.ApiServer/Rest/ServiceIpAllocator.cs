using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// ClusterIPs from the service range. Each allocated IP is a key (/registry/ranges/serviceips/IP) created
/// in the same transaction as its Service, so two API servers can never hand out one IP twice. Dynamic
/// picks prefer the upper band, leaving the low band for requested addresses, like upstream.
/// </summary>
public sealed class ServiceIpAllocator(IPNetwork range)
{
    public const string KeyPrefix = "/registry/ranges/serviceips/";

    public IPNetwork Range => range;

    public IPAddress First => Offset(1);

    public static string Key(string ip) => KeyPrefix + ip;

    /// <summary>Checks a requested ClusterIP; returns null when one must be allocated.</summary>
    public string? Requested(JsonObject service)
    {
        var requested = (string?)service?["spec"]?["clusterIP"];
        if (string.IsNullOrEmpty(requested) || requested == "None")
        {
            return requested;
        }
        if (!IPAddress.TryParse(requested, out var ip) || !range.Contains(ip) || ip.Equals(range.BaseAddress) || ip.Equals(Last()))
        {
            throw ApiException.Invalid("Service", "", (string?)service!["metadata"]?["name"] ?? "",
                [FieldCause.Invalid("spec.clusterIPs", requested, $"provided IP is not in the valid range. The range of valid IPs is {range}")]);
        }
        return requested;
    }

    /// <summary>A random candidate from the dynamic (upper) band.</summary>
    public IPAddress Candidate()
    {
        var size = Size();
        var staticBand = Math.Min(Math.Max(16, size / 16), 256);
        var offset = staticBand + RandomNumberGenerator.GetInt32((int)Math.Max(1, size - staticBand - 2));
        return Offset(Math.Min(offset, size - 2));
    }

    private long Size() => 1L << (32 - range.PrefixLength);

    private IPAddress Last() => Offset(Size() - 1);

    private IPAddress Offset(long offset)
    {
        var b = range.BaseAddress.GetAddressBytes();
        var value = ((uint)b[0] << 24 | (uint)b[1] << 16 | (uint)b[2] << 8 | b[3]) + (uint)offset;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }
}
