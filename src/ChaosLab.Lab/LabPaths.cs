namespace ChaosLab.Lab;

/// <summary>
/// Where a lab keeps its files on the host: $CHAOSLAB_HOME/labs/NAME (default ~/.chaoslab).
/// Each node's folder is mounted read-only at /etc/chaoslab in that node.
/// </summary>
public sealed class LabPaths(string root)
{
    public static string Home =>
        Environment.GetEnvironmentVariable("CHAOSLAB_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".chaoslab");

    public static string LabsRoot => Path.Combine(Home, "labs");

    public static LabPaths For(string labName) => new(Path.Combine(LabsRoot, labName));

    public string Root { get; } = root;

    public string StateFile => Path.Combine(Root, "lab.json");

    public string Kubeconfig => Path.Combine(Root, "kubeconfig");

    public string Pki => Path.Combine(Root, "pki");

    /// <summary>A snapshot of the node executable, so a rebuild never changes a running lab.</summary>
    public string NodeBin => Path.Combine(Root, "bin");

    public string Node(string nodeName) => Path.Combine(Root, "nodes", nodeName);

    public string NodePki(string nodeName) => Path.Combine(Node(nodeName), "pki");
}
