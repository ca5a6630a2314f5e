using System.Net;

namespace ChaosLab.Node.Agent;

/// <summary>Which interface of the node carries an address, from `ip -o addr show` output.</summary>
public static class NodeInterfaces
{
    /// <summary>The interface holding <paramref name="address"/>, or null.</summary>
    public static string? Holding(string ipAddrOutput, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(ipAddrOutput);
        ArgumentNullException.ThrowIfNull(address);
        foreach (var line in ipAddrOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "2: eth0    inet 172.30.1.3/24 brd 172.30.1.255 scope global eth0\       valid_lft forever ..."
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 4 || words[2] is not ("inet" or "inet6"))
            {
                continue;
            }
            var cidr = words[3];
            var slash = cidr.IndexOf('/', StringComparison.Ordinal);
            if (IPAddress.TryParse(slash < 0 ? cidr : cidr[..slash], out var held) && held.Equals(address))
            {
                var name = words[1];
                var at = name.IndexOf('@', StringComparison.Ordinal);
                return at < 0 ? name : name[..at];
            }
        }
        return null;
    }
}
