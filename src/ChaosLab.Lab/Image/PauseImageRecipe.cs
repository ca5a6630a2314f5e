namespace ChaosLab.Lab.Image;

/// <summary>
/// `chaoslab/pause`: the pod sandbox's process. A static busybox (Debian's busybox-static, taken out
/// of the package: no libc, no dpkg database) and a script that holds the sandbox's namespaces until
/// SIGTERM or SIGINT and then exits 0. As PID 1 a process gets only the signals it handles; the
/// shell's trap is that handler, and `wait` returns as soon as the signal comes.
/// </summary>
public static class PauseImageRecipe
{
    public const string Name = "pause";
    public const string Repository = "chaoslab/pause";
    public const string Package = "busybox-static";

    /// <summary>Where the image's entry point lives, at the root as upstream's /pause.</summary>
    public const string ScriptPath = "pause";

    /// <summary>`kill $!` ends the sleep too; the comment names the image in `ps` of a node.</summary>
    public const string Script =
        "#!/bin/sh\n" +
        "# chaoslab/pause: holds the pod sandbox until SIGTERM or SIGINT, then exits 0.\n" +
        "trap 'kill $! 2>/dev/null; exit 0' TERM INT\n" +
        "sleep infinity &\n" +
        "wait\n";

    /// <summary>busybox's applets the script needs as commands (kill, trap and wait are shell built-ins).</summary>
    public static IReadOnlyList<string> Applets { get; } = ["sh", "sleep"];

    /// <summary>Empty directories a runtime mounts on or writes to.</summary>
    public static IReadOnlyList<string> Directories { get; } = ["dev", "etc", "proc", "sys", "tmp"];

    /// <summary>
    /// The package unpacked as it is (variant extract: no installation, no essential packages): only its
    /// busybox binary is taken from the tar, so the image holds one file of the package.
    /// </summary>
    public static IReadOnlyList<string> MmdebstrapArguments(string outputTar) =>
    [
        "--variant=extract",
        "--mode=root",
        "--format=tar",
        "--include=" + Package,
        NodeImageRecipe.Suite,
        outputTar,
        NodeImageRecipe.HostSources,
    ];

    public static IReadOnlyList<string> ImportChanges(string hash) =>
    [
        $"ENTRYPOINT [\"/{ScriptPath}\"]",
        "ENV PATH=/bin",
        $"LABEL {LabLabels.Image}={Name} {LabLabels.Recipe}={hash}",
    ];

    public static string Hash { get; } = RecipeHash.Of(
    [
        .. MmdebstrapArguments("OUT"),
        .. ImportChanges("HASH"),
        Script,
        .. Applets.Select(a => "applet " + a),
        .. Directories.Select(d => "dir " + d),
    ]);

    public static string Tag => RecipeHash.TagOf(Hash);

    public static string Reference => $"{Repository}:{Tag}";
}
