using System.Text.Json;

namespace ChaosLab.Network.Cni;

/// <summary>
/// The network configuration list containerd's CRI reads from /etc/cni/net.d: network "chaoslab",
/// cniVersion 1.0.0, one plugin of type chaoslab-bridge carrying <see cref="NetworkConfig"/>'s fields.
/// The kubelet writes it once it knows its podCIDR. Writing is atomic (a temporary file beside it,
/// then a rename), so containerd, which watches the folder, never loads half a file.
/// </summary>
public static class CniConflist
{
    public const string DefaultPath = "/etc/cni/net.d/10-chaoslab.conflist";
    public const string NetworkName = "chaoslab";

    private static readonly NetworkJson Indented = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });

    public static string ToJson(NetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var plugin = new CniConflistPlugin(CniPlugin.BridgeType, config.BridgeName, config.PodCidr.ToString(), config.ClusterCidr.ToString(), config.Mtu, config.DataDirectory);
        return JsonSerializer.Serialize(new CniConflistFile(CniVersions.Current, NetworkName, [plugin]), Indented.CniConflistFile) + "\n";
    }

    /// <summary>The config of the list's chaoslab-bridge plugin; throws <see cref="NetworkPluginException"/> when there is none or it is invalid.</summary>
    public static NetworkConfig FromJson(string json)
    {
        CniConflistFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, Indented.CniConflistFile);
        }
        catch (JsonException ex)
        {
            throw new NetworkPluginException($"invalid conflist: {ex.Message}", ex);
        }
        var plugin = file?.Plugins?.FirstOrDefault(p => p.Type == CniPlugin.BridgeType)
            ?? throw new NetworkPluginException($"the conflist has no plugin of type {CniPlugin.BridgeType}");
        return NetworkConfig.FromFields(plugin.PodCidr, plugin.ClusterCidr, plugin.Bridge, plugin.Mtu, plugin.DataDir);
    }

    /// <summary>
    /// Writes the list for <paramref name="config"/> to <paramref name="path"/> unless the file already
    /// holds exactly that (so an unchanged config does not make containerd reload); returns whether it wrote.
    /// </summary>
    public static async Task<bool> WriteAsync(NetworkConfig config, string path = DefaultPath, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var json = ToJson(config);
        if (File.Exists(path) && await File.ReadAllTextAsync(path, ct) == json)
        {
            return false;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        // The temporary name ends in neither .conf, .conflist nor .json: containerd ignores it.
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(json), ct);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            return true;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}

/// <summary>The conflist file: {"cniVersion", "name", "plugins": [...]}.</summary>
internal sealed record CniConflistFile(string CniVersion, string Name, IReadOnlyList<CniConflistPlugin> Plugins);

/// <summary>One plugin entry: type and this plugin's fields (NetworkConfig's JSON names).</summary>
internal sealed record CniConflistPlugin(string Type, string? Bridge, string? PodCidr, string? ClusterCidr, int? Mtu, string? DataDir);
