using System.Reflection;

namespace ChaosLab.Lab.Lifecycle;

/// <summary>
/// The chaoslab-node executable that runs in every node. It is built with the solution, copied into
/// the lab's folder at `up` (so rebuilding never changes a running lab) and mounted read-only with the
/// host's .NET runtime: a code change never rebuilds the node image.
/// </summary>
public static class NodeBinary
{
    public const string MountPoint = "/opt/chaoslab/bin";
    public const string DotnetRoot = "/usr/share/dotnet";

    public static string BuildDirectory =>
        Environment.GetEnvironmentVariable("CHAOSLAB_NODE_BIN") is { Length: > 0 } overridden
            ? overridden
            : typeof(NodeBinary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .First(a => a.Key == "ChaosLab.NodeBinDir").Value!;

    public static IReadOnlyList<string> SupervisorCommand =>
        [$"{DotnetRoot}/dotnet", $"{MountPoint}/chaoslab-node.dll", "supervise", "--config", NodeApi.NodeConfig.PathInNode];

    public static void CopyTo(string destination)
    {
        var source = BuildDirectory;
        if (!File.Exists(Path.Combine(source, "chaoslab-node.dll")))
        {
            throw new LabException($"the node executable is not built ({source}/chaoslab-node.dll missing); run `dotnet build ChaosLab.sln` or use ./chaoslab, which builds it");
        }
        if (!File.Exists(Path.Combine(DotnetRoot, "dotnet")))
        {
            throw new LabException($"{DotnetRoot}/dotnet not found: nodes run chaoslab-node on the host's .NET runtime, mounted from there");
        }
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
