namespace ChaosLab.KubeProxy.Iptables;

/// <summary>
/// net.bridge.bridge-nf-call-iptables makes bridged pod-to-pod traffic pass iptables, so a pod reaching
/// a service whose endpoint is on the same bridge is DNATed. The file exists only with br_netfilter
/// loaded; without it there is nothing to do (as upstream, a warning, not an error).
/// </summary>
public static class BridgeSysctl
{
    public const string Path = "/proc/sys/net/bridge/bridge-nf-call-iptables";

    /// <summary>Sets it to 1; returns a sentence saying what happened.</summary>
    public static string TryEnable(string path = Path)
    {
        if (!File.Exists(path))
        {
            return $"{path} does not exist (br_netfilter not loaded); bridged traffic to services on the same bridge is not proxied";
        }
        try
        {
            if (File.ReadAllText(path).Trim() == "1")
            {
                return $"{path} is already 1";
            }
            File.WriteAllText(path, "1");
            return $"set {path} to 1";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot set {path}: {ex.Message}";
        }
    }
}
