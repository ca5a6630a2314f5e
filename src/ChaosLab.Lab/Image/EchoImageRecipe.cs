using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using ChaosLab.Lab.Lifecycle;

namespace ChaosLab.Lab.Image;

/// <summary>
/// `chaoslab/echo`: the echo server (src/ChaosLab.Workloads.Echo, built with the solution) on the
/// host's own .NET runtime — only Microsoft.NETCore.App and the host muxer, no SDK, no ASP.NET Core —
/// layered on chaoslab/shell so that nodes store the Debian layer once. The recipe holds the shell
/// image's tag, the runtime's version and a hash of every file of the build, so a code change, a new
/// runtime or a new shell image yields a new tag.
/// </summary>
public sealed class EchoImageRecipe
{
    public const string Name = "echo";
    public const string Repository = "chaoslab/echo";
    public const string Runtime = "Microsoft.NETCore.App";

    /// <summary>Where the runtime lives in the image: where the host and the nodes have it.</summary>
    public const string DotnetRoot = NodeBinary.DotnetRoot;

    public const string AppDirectory = "/opt/chaoslab/echo";
    public const string EntryAssembly = "chaoslab-echo.dll";
    public const int Port = 8080;

    /// <summary>
    /// What the process runtime gave every .NET workload (workstation GC, small gen0: many pods on a small
    /// machine), and invariant globalization: the image has no ICU.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment { get; } =
    [
        new("DOTNET_ROOT", DotnetRoot),
        new("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1"),
        new("DOTNET_gcServer", "0"),
        new("DOTNET_GCgen0size", "0x400000"),
    ];

    /// <param name="baseImage">chaoslab/shell's recipe-tagged reference.</param>
    /// <param name="runtimeVersion">The Microsoft.NETCore.App version copied into the image.</param>
    /// <param name="hostFxrVersion">The host/fxr version copied with the muxer.</param>
    /// <param name="appFiles">Every file of the echo build (relative path, SHA-256 of its content).</param>
    public EchoImageRecipe(string baseImage, string runtimeVersion, string hostFxrVersion, IReadOnlyList<(string Path, string Sha256)> appFiles)
    {
        ArgumentNullException.ThrowIfNull(appFiles);
        BaseImage = baseImage;
        RuntimeVersion = runtimeVersion;
        HostFxrVersion = hostFxrVersion;
        AppFiles = appFiles.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        Hash = RecipeHash.Of(
        [
            Dockerfile("HASH"),
            $"runtime {Runtime} {RuntimeVersion}",
            $"hostfxr {HostFxrVersion}",
            .. AppFiles.Select(f => $"app {f.Path} {f.Sha256}"),
        ]);
    }

    public string BaseImage { get; }

    public string RuntimeVersion { get; }

    public string HostFxrVersion { get; }

    public IReadOnlyList<(string Path, string Sha256)> AppFiles { get; }

    public string Hash { get; }

    public string Tag => RecipeHash.TagOf(Hash);

    public string Reference => $"{Repository}:{Tag}";

    /// <summary>The echo server's build output: CHAOSLAB_ECHO_BIN, else where the solution's build puts it (always Release).</summary>
    public static string BuildDirectory =>
        System.Environment.GetEnvironmentVariable("CHAOSLAB_ECHO_BIN") is { Length: > 0 } overridden
            ? overridden
            : typeof(EchoImageRecipe).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .First(a => a.Key == "ChaosLab.EchoBinDir").Value!;

    /// <summary>
    /// The build context's Dockerfile. The runtime comes first: a new build of the echo server changes only
    /// the small layer after it. Setting ENTRYPOINT clears the shell image's CMD, so `args` go to the server.
    /// </summary>
    public string Dockerfile(string hash) => string.Join('\n',
    [
        $"FROM {BaseImage}",
        $"COPY dotnet/ {DotnetRoot}/",
        $"COPY app/ {AppDirectory}/",
        "ENV " + string.Join(' ', Environment.Select(e => $"{e.Key}={e.Value}")),
        $"EXPOSE {Port.ToString(CultureInfo.InvariantCulture)}",
        $"ENTRYPOINT [\"{DotnetRoot}/dotnet\", \"{AppDirectory}/{EntryAssembly}\"]",
        $"LABEL {LabLabels.Image}={Name} {LabLabels.Recipe}={hash}",
        "",
    ]);

    /// <summary>The recipe for this machine: the echo build in <paramref name="appDirectory"/> on the runtime in <paramref name="hostDotnetRoot"/>.</summary>
    /// <exception cref="LabException">The echo server is not built, or the host lacks the runtime it needs.</exception>
    public static EchoImageRecipe ForHost(string baseImage, string? appDirectory = null, string hostDotnetRoot = NodeBinary.DotnetRoot)
    {
        appDirectory ??= BuildDirectory;
        var runtimeConfig = System.IO.Path.Combine(appDirectory, "chaoslab-echo.runtimeconfig.json");
        if (!File.Exists(System.IO.Path.Combine(appDirectory, EntryAssembly)) || !File.Exists(runtimeConfig))
        {
            throw new LabException($"the echo server is not built ({appDirectory}/{EntryAssembly} missing); run `dotnet build src/ChaosLab.Lab` or use ./chaoslab, which builds it");
        }
        var wanted = RequiredRuntime(File.ReadAllText(runtimeConfig));
        var runtime = HighestVersion(System.IO.Path.Combine(hostDotnetRoot, "shared", Runtime), v => v.Major == wanted.Major && v.Minor == wanted.Minor && v >= wanted)
            ?? throw new LabException($"{hostDotnetRoot} has no {Runtime} {wanted.Major}.{wanted.Minor} (the echo server needs {wanted}); install the .NET {wanted.Major}.{wanted.Minor} runtime there");
        var hostFxr = HighestVersion(System.IO.Path.Combine(hostDotnetRoot, "host", "fxr"), _ => true)
            ?? throw new LabException($"{hostDotnetRoot}/host/fxr is empty: the .NET host is incomplete");
        var files = Directory.EnumerateFiles(appDirectory, "*", SearchOption.AllDirectories)
            .Select(f => (System.IO.Path.GetRelativePath(appDirectory, f), Sha256(f)))
            .ToList();
        return new EchoImageRecipe(baseImage, runtime, hostFxr, files);
    }

    /// <summary>The framework version a runtimeconfig.json asks for.</summary>
    public static Version RequiredRuntime(string runtimeConfigJson)
    {
        using var json = JsonDocument.Parse(runtimeConfigJson);
        var options = json.RootElement.GetProperty("runtimeOptions");
        var frameworks = options.TryGetProperty("frameworks", out var list) ? list.EnumerateArray().ToList() : [options.GetProperty("framework")];
        var framework = frameworks.First(f => f.GetProperty("name").GetString() == Runtime);
        return ParseVersion(framework.GetProperty("version").GetString()!)
            ?? throw new LabException($"unreadable {Runtime} version in the echo server's runtimeconfig.json");
    }

    /// <summary>The highest version-named folder in <paramref name="folder"/> that <paramref name="accept"/> takes ("10.0.12"; previews count below releases).</summary>
    public static string? HighestVersion(string folder, Func<Version, bool> accept)
    {
        ArgumentNullException.ThrowIfNull(accept);
        if (!Directory.Exists(folder))
        {
            return null;
        }
        return Directory.GetDirectories(folder)
            .Select(System.IO.Path.GetFileName)
            .OfType<string>()
            .Select(name => (Name: name, Version: ParseVersion(name), Release: !name.Contains('-', StringComparison.Ordinal)))
            .Where(v => v.Version is not null && accept(v.Version))
            .OrderBy(v => v.Version)
            .ThenBy(v => v.Release)
            .Select(v => v.Name)
            .LastOrDefault();
    }

    private static Version? ParseVersion(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return Version.TryParse(dash < 0 ? text : text[..dash], out var version) ? version : null;
    }

    private static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
