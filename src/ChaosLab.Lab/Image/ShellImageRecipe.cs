namespace ChaosLab.Lab.Image;

/// <summary>
/// `chaoslab/shell`: a Debian minbase root filesystem with the tools scenarios and people use in pods
/// (curl, nc, ps, ip, ping). No ENTRYPOINT and `CMD ["/bin/sh"]`, so a pod's `command` replaces the
/// entrypoint and its `args` replace CMD exactly as in Kubernetes. chaoslab/echo is built on it, so a
/// node stores its Debian layer once.
/// </summary>
public static class ShellImageRecipe
{
    public const string Name = "shell";
    public const string Repository = "chaoslab/shell";

    /// <summary>
    /// What pods run besides minbase's coreutils, grep, sed and bash: tests exec curl, sh, printenv, wc, stty, tty;
    /// scenarios probe with curl and nc; ps and ip show a pod's processes and network.
    /// </summary>
    public static IReadOnlyList<string> Packages { get; } =
    [
        "curl", "ca-certificates", "netcat-openbsd", "procps", "iproute2", "iputils-ping",
    ];

    /// <summary>The node image's clean-up, and debconf's backup copies of its templates.</summary>
    public const string CleanupHook = NodeImageRecipe.CleanupHook + " \"$1\"/var/cache/debconf/*-old \"$1\"/var/log/*.log";

    public static IReadOnlyList<string> MmdebstrapArguments(string outputTar) => MinbaseArguments(outputTar, Packages);

    /// <summary>A minimal Debian root file system with <paramref name="packages"/>: the shell image's, and the agent's base.</summary>
    public static IReadOnlyList<string> MinbaseArguments(string outputTar, IEnumerable<string> packages) =>
    [
        "--variant=minbase",
        "--mode=root",
        "--format=tar",
        // Without merged-usr, usrmerge drags in perl (~60 MB).
        "--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr",
        "--aptopt=APT::Install-Recommends \"false\"",
        "--include=" + string.Join(',', packages),
        "--customize-hook=" + CleanupHook,
        NodeImageRecipe.Suite,
        outputTar,
        NodeImageRecipe.HostSources,
    ];

    /// <summary>Applied by `docker import`. An imported image has no environment of its own: PATH is set so every runtime resolves commands alike.</summary>
    public static IReadOnlyList<string> ImportChanges(string hash) =>
    [
        "CMD [\"/bin/sh\"]",
        "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        $"LABEL {LabLabels.Image}={Name} {LabLabels.Recipe}={hash}",
    ];

    public static string Hash { get; } = RecipeHash.Of([.. MmdebstrapArguments("OUT"), .. ImportChanges("HASH")]);

    public static string Tag => RecipeHash.TagOf(Hash);

    public static string Reference => $"{Repository}:{Tag}";
}
