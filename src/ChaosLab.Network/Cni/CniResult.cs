using System.Text.Json.Serialization;

namespace ChaosLab.Network.Cni;

/// <summary>
/// The result of ADD (and the prevResult given back on CHECK and DEL), spec 1.0.0's Success type:
/// the interfaces the attachment made (host ones without a sandbox), the addresses with the index of
/// their interface, routes and DNS. <see cref="ForVersion"/> shapes it for an older config version.
/// </summary>
internal sealed record CniResult
{
    public string? CniVersion { get; init; }

    public IReadOnlyList<CniInterface>? Interfaces { get; init; }

    public IReadOnlyList<CniIpConfig>? Ips { get; init; }

    public IReadOnlyList<CniRoute>? Routes { get; init; }

    public CniDns? Dns { get; init; }

    /// <summary>
    /// The result as the config's version has it: 0.3.x and 0.4.0 name each address's IP family in
    /// ips[].version, 1.0.0 does not. Everything else has the same shape in all supported versions.
    /// </summary>
    public CniResult ForVersion(string version)
    {
        var withFamily = CniVersions.IpsCarryVersion(version);
        return this with
        {
            CniVersion = version,
            Ips = Ips?.Select(ip => ip with { Version = withFamily ? ip.Family : null }).ToList(),
            Dns = Dns ?? new CniDns(),
        };
    }

    /// <summary>
    /// A previous plugin's result with this one's interfaces, addresses and routes after it (address
    /// indexes moved past its interfaces): how an interface plugin handles a prevResult on ADD.
    /// </summary>
    public CniResult After(CniResult previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var offset = previous.Interfaces?.Count ?? 0;
        return new CniResult
        {
            CniVersion = CniVersion,
            Interfaces = [.. previous.Interfaces ?? [], .. Interfaces ?? []],
            Ips = [.. previous.Ips ?? [], .. (Ips ?? []).Select(ip => ip with { Interface = ip.Interface + offset })],
            Routes = [.. previous.Routes ?? [], .. Routes ?? []],
            Dns = previous.Dns ?? Dns,
        };
    }
}

/// <summary>An interface the attachment made: on the host (no sandbox) or in the container (sandbox = CNI_NETNS).</summary>
internal sealed record CniInterface(string Name, string? Mac = null, string? Sandbox = null);

/// <summary>
/// An address in CIDR notation, its subnet's gateway and the index of its interface in the result's
/// interfaces. Version ("4" or "6") is written for 0.3.x and 0.4.0 results only.
/// </summary>
internal sealed record CniIpConfig(string? Version, string Address, string? Gateway, int? Interface)
{
    /// <summary>"4" or "6", from the address.</summary>
    [JsonIgnore]
    public string Family => Address.Contains(':', StringComparison.Ordinal) ? "6" : "4";
}

/// <summary>A route the attachment made in the container: destination in CIDR notation and next hop.</summary>
internal sealed record CniRoute(string Dst, string? Gw = null);

/// <summary>DNS settings; this plugin leaves DNS to the runtime, so its own results carry an empty object.</summary>
internal sealed record CniDns(
    IReadOnlyList<string>? Nameservers = null,
    string? Domain = null,
    IReadOnlyList<string>? Search = null,
    IReadOnlyList<string>? Options = null);
