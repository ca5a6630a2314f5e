using System.Text.Json;
using System.Text.RegularExpressions;

namespace ChaosLab.Network.Cni;

/// <summary>
/// The network config a runtime writes on the plugin's stdin: CNI's cniVersion, name and type, this
/// plugin's own fields under <see cref="NetworkConfig"/>'s JSON names, and prevResult (the previous
/// ADD's result, given on CHECK and DEL). Other keys (runtimeConfig, args, capabilities) are ignored.
/// </summary>
internal sealed partial record CniNetConf(
    string? CniVersion,
    string? Name,
    string? Type,
    string? Bridge,
    string? PodCidr,
    string? ClusterCidr,
    int? Mtu,
    string? DataDir,
    CniResult? PrevResult)
{
    /// <summary>
    /// Decodes and validates the envelope; throws <see cref="CniException"/>: code 6 when the text is
    /// not such JSON, 7 when cniVersion, name or type is missing or malformed, 1 when the version is not
    /// one of <see cref="CniVersions.Supported"/>.
    /// </summary>
    public static CniNetConf Parse(string stdin)
    {
        CniNetConf? conf;
        try
        {
            conf = JsonSerializer.Deserialize(stdin ?? "", NetworkJson.Default.CniNetConf);
        }
        catch (JsonException ex)
        {
            throw new CniException(CniErrorCodes.DecodingFailure, "cannot decode the network config on stdin", ex.Message, ex);
        }
        if (conf is null)
        {
            throw new CniException(CniErrorCodes.DecodingFailure, "cannot decode the network config on stdin", "the config is JSON null, not an object");
        }
        if (string.IsNullOrEmpty(conf.CniVersion))
        {
            throw new CniException(CniErrorCodes.InvalidNetworkConfig, "the network config has no cniVersion", $"supported versions: {string.Join(", ", CniVersions.Supported)}");
        }
        if (!CniVersions.IsSupported(conf.CniVersion))
        {
            throw new CniException(CniErrorCodes.IncompatibleVersion, $"cniVersion {conf.CniVersion} is not supported", $"supported versions: {string.Join(", ", CniVersions.Supported)}");
        }
        if (string.IsNullOrEmpty(conf.Name) || !NamePattern().IsMatch(conf.Name))
        {
            throw new CniException(CniErrorCodes.InvalidNetworkConfig, $"the network config's name '{conf.Name}' is missing or invalid", "a name starts with a letter or digit, followed by letters, digits, '_', '.' or '-'");
        }
        if (string.IsNullOrEmpty(conf.Type))
        {
            throw new CniException(CniErrorCodes.InvalidNetworkConfig, "the network config has no type", $"types served: {CniPlugin.BridgeType}, {CniPlugin.LoopbackType}");
        }
        return conf;
    }

    /// <summary>The cniVersion of a config, or null when the text is not a JSON object naming one; never throws.</summary>
    public static string? PeekVersion(string stdin)
    {
        try
        {
            using var document = JsonDocument.Parse(stdin ?? "");
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("cniVersion", out var version)
                && version.ValueKind == JsonValueKind.String
                    ? version.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>This plugin's fields as a <see cref="NetworkConfig"/>; throws <see cref="CniException"/> with code 7 saying what is invalid.</summary>
    public NetworkConfig ToNetworkConfig()
    {
        try
        {
            return NetworkConfig.FromFields(PodCidr, ClusterCidr, Bridge, Mtu, DataDir);
        }
        catch (NetworkPluginException ex)
        {
            throw new CniException(CniErrorCodes.InvalidNetworkConfig, "invalid network config", ex.Message, ex);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex NamePattern();
}
