namespace ChaosLab.Network.Host;

/// <summary>
/// A note on the node that its shared set-up (forwarding, bridge, masquerade, node-port guard) was
/// verified for one config at the file's modification time. Every plugin process reads it, so the
/// trust window a long-lived plugin keeps in memory also spans CNI calls, each a process of its own:
/// without it, each ADD would start seven more processes (ip, iptables) to check what the call before
/// it checked a few milliseconds earlier. The content is the config, so a changed config is verified.
/// </summary>
public sealed class HostSetupStamp(string path, string identity, TimeSpan validity)
{
    public static HostSetupStamp For(NetworkConfig config, TimeSpan validity)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new HostSetupStamp(Path.Combine(config.IpamDirectory, "host-setup.verified"), config.ToJson(), validity);
    }

    /// <summary>When the set-up of this config was last verified (UTC), if that was less than the validity ago; else null.</summary>
    public DateTime? FreshVerification()
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && DateTime.UtcNow - info.LastWriteTimeUtc < validity && File.ReadAllText(path) == identity
                ? info.LastWriteTimeUtc
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Records a verification now (write, then rename: a reader never sees half a file). A failure only costs a later re-check.</summary>
    public void Record()
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(temp, identity);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
        }
    }
}
