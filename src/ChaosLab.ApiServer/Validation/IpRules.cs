using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// IP and CIDR syntax as Go's net package reads it: dotted-quad IPv4 only (IPAddress.Parse would also take "10" or "0x0a.1"),
/// or IPv6 without a zone.
/// </summary>
internal static class IpRules
{
    public const string InvalidIp = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
    public const string InvalidCidr = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    public static bool IsIP(string value) => IsIPv4(value) || IsIPv6(value);

    public static bool IsIPv4(string value)
    {
        var parts = value.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    public static bool IsCidr(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return false;
        var (ip, bits) = (value[..slash], value[(slash + 1)..]);
        var max = IsIPv4(ip) ? 32 : IsIPv6(ip) ? 128 : -1;
        return max > 0 && bits.Length is > 0 and <= 3 && bits.All(char.IsAsciiDigit) && int.Parse(bits, CultureInfo.InvariantCulture) <= max;
    }

    private static bool IsIPv6(string value) =>
        value.Contains(':', StringComparison.Ordinal) && !value.Contains('%', StringComparison.Ordinal) && !value.Contains('[', StringComparison.Ordinal)
        && IPAddress.TryParse(value, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
}
