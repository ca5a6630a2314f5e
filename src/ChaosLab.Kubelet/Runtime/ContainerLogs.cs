namespace ChaosLab.Kubelet.Runtime;

/// <summary>Where container logs live on the node, as upstream lays them out: /var/log/pods/NS_NAME_UID/CONTAINER/ATTEMPT.log.</summary>
public static class ContainerLogs
{
    public const string Root = "/var/log/pods";

    public static string PodDirectory(string ns, string pod, string uid) => Path.Combine(Root, $"{ns}_{pod}_{uid}");

    public static string RelativePath(string container, int attempt) =>
        Path.Combine(container, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".log");
}
