using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using ChaosLab.Lab.Lifecycle;

namespace ChaosLab.Lab.Image;

/// <summary>
/// `chaoslab/echo`: the echo server (src/ChaosLab.Workloads.Echo, published NativeAOT with the solution's build:
/// one native executable, no .NET runtime in the image) layered on chaoslab/shell, so that nodes store the
/// Debian layer once and a pod can still be exec'd into with a shell. The recipe holds the shell image's tag and
/// a hash of the executable, so a code change or a new shell image yields a new tag.
/// </summary>
public sealed class EchoImageRecipe
{
    public const string Name = "echo";
    public const string Repository = "chaoslab/echo";

    public const string AppDirectory = "/opt/chaoslab/echo";
    public const string Executable = "chaoslab-echo";
    public const int Port = 8080;

    /// <summary>Workstation GC with a small gen0 budget: many echo pods share a small machine.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment { get; } =
    [
        new("DOTNET_gcServer", "0"),
        new("DOTNET_GCgen0size", "0x400000"),
    ];

    /// <param name="baseImage">chaoslab/shell's recipe-tagged reference.</param>
    /// <param name="executableSha256">SHA-256 of the published echo executable.</param>
    public EchoImageRecipe(string baseImage, string executableSha256)
    {
        BaseImage = baseImage;
        ExecutableSha256 = executableSha256;
        Hash = RecipeHash.Of([Dockerfile("HASH"), $"app {Executable} {executableSha256}"]);
    }

    public string BaseImage { get; }

    public string ExecutableSha256 { get; }

    public string Hash { get; }

    public string Tag => RecipeHash.TagOf(Hash);

    public string Reference => $"{Repository}:{Tag}";

    /// <summary>The folder holding the published executable: CHAOSLAB_ECHO_BIN, else where the solution's build publishes it.</summary>
    public static string BuildDirectory =>
        System.Environment.GetEnvironmentVariable("CHAOSLAB_ECHO_BIN") is { Length: > 0 } overridden
            ? overridden
            : typeof(EchoImageRecipe).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .First(a => a.Key == "ChaosLab.EchoBinDir").Value!;

    /// <summary>The build context's Dockerfile. Setting ENTRYPOINT clears the shell image's CMD, so `args` go to the server.</summary>
    public string Dockerfile(string hash) => string.Join('\n',
    [
        $"FROM {BaseImage}",
        $"COPY app/ {AppDirectory}/",
        "ENV " + string.Join(' ', Environment.Select(e => $"{e.Key}={e.Value}")),
        $"EXPOSE {Port.ToString(CultureInfo.InvariantCulture)}",
        $"ENTRYPOINT [\"{AppDirectory}/{Executable}\"]",
        $"LABEL {LabLabels.Image}={Name} {LabLabels.Recipe}={hash}",
        "",
    ]);

    /// <summary>The recipe for the executable published in <paramref name="appDirectory"/>.</summary>
    /// <exception cref="LabException">The echo server is not built.</exception>
    public static EchoImageRecipe ForHost(string baseImage, string? appDirectory = null)
    {
        var executable = ExecutablePath(appDirectory ?? BuildDirectory);
        if (!File.Exists(executable))
        {
            throw new LabException($"the echo server is not built ({executable} missing); run `dotnet build src/ChaosLab.Lab` or use ./chaoslab, which builds it");
        }
        using var stream = File.OpenRead(executable);
        return new EchoImageRecipe(baseImage, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    public static string ExecutablePath(string appDirectory) => Path.Combine(appDirectory, Executable);
}
