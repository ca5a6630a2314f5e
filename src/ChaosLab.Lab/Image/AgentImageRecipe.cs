using ChaosLab.Lab.Lifecycle;

namespace ChaosLab.Lab.Image;

/// <summary>
/// `chaoslab/agent`: the in-cluster fault agent's image (`chaoslab-node agent`, deployed as a DaemonSet where nodes
/// are not Docker containers). Two layers: a Debian minbase with chaoslab/shell's tools plus iptables (tc is in
/// iproute2, ping in iputils-ping), built once from Debian packages; and on it the .NET runtime and chaoslab-node,
/// whose hash is in the tag, so a code change yields a new image. Push it where the target cluster pulls from.
/// </summary>
public static class AgentImageRecipe
{
    public const string Name = "agent";
    public const string Repository = "chaoslab/agent";
    public const string BaseRepository = "chaoslab/agent-base";
    public const string AppDirectory = "/opt/chaoslab/bin";
    public const string DotnetDirectory = "/usr/share/dotnet";

    public static IReadOnlyList<string> Packages { get; } = [.. ShellImageRecipe.Packages, "iptables"];

    public static IReadOnlyList<string> BaseMmdebstrapArguments(string outputTar) => ShellImageRecipe.MinbaseArguments(outputTar, Packages);

    public static IReadOnlyList<string> BaseImportChanges(string hash) =>
    [
        "CMD [\"/bin/sh\"]",
        "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        $"LABEL {LabLabels.Image}={Name}-base {LabLabels.Recipe}={hash}",
    ];

    public static string BaseHash { get; } = RecipeHash.Of([.. BaseMmdebstrapArguments("OUT"), .. BaseImportChanges("HASH")]);

    public static string BaseReference => $"{BaseRepository}:{RecipeHash.TagOf(BaseHash)}";

    /// <summary>The app layer's Dockerfile: the runtime under its usual path (the apphost finds it there), chaoslab-node on PATH.</summary>
    public static string Dockerfile(string hash) => string.Join('\n',
    [
        $"FROM {BaseReference}",
        $"COPY dotnet/ {DotnetDirectory}/",
        $"COPY bin/ {AppDirectory}/",
        $"ENV DOTNET_ROOT={DotnetDirectory} PATH={AppDirectory}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DOTNET_gcServer=0 DOTNET_TieredPGO=0",
        $"ENTRYPOINT [\"{AppDirectory}/chaoslab-node\", \"agent\"]",
        $"LABEL {LabLabels.Image}={Name} {LabLabels.Recipe}={hash}",
        "",
    ]);

    /// <summary>The files of the app layer: path in the build context → path on this machine.</summary>
    public static IReadOnlyList<(string InContext, string OnHost)> AppFiles()
    {
        var files = new List<(string, string)>();
        void AddTree(string hostRoot, string contextRoot)
        {
            foreach (var file in Directory.EnumerateFiles(hostRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                files.Add(($"{contextRoot}/{Path.GetRelativePath(hostRoot, file)}", file));
            }
        }
        var bin = NodeBinary.BuildDirectory;
        if (!File.Exists(Path.Combine(bin, "chaoslab-node.dll")))
        {
            throw new LabException($"the node executable is not built ({bin}/chaoslab-node.dll missing); run `dotnet build src/ChaosLab.Node`");
        }
        files.Add(("dotnet/dotnet", Path.Combine(NodeBinary.DotnetRoot, "dotnet")));
        AddTree(Path.Combine(NodeBinary.DotnetRoot, "host"), "dotnet/host");
        foreach (var framework in new[] { "Microsoft.NETCore.App", "Microsoft.AspNetCore.App" })
        {
            AddTree(Path.Combine(NodeBinary.DotnetRoot, "shared", framework), $"dotnet/shared/{framework}");
        }
        AddTree(bin, "bin");
        return files;
    }

    /// <summary>The app layer's hash: the Dockerfile, and each file's path, size and write time (hashing 170 MB on every run costs seconds).</summary>
    public static string AppHash(IReadOnlyList<(string InContext, string OnHost)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var lines = files.Select(f =>
        {
            var info = new FileInfo(f.OnHost);
            return $"{f.InContext} {info.Length} {info.LastWriteTimeUtc.Ticks}";
        });
        return RecipeHash.Of([Dockerfile("HASH"), .. lines]);
    }

    public static string Reference(string appHash) => $"{Repository}:{RecipeHash.TagOf(appHash)}";
}
