using System.Security.Cryptography;
using System.Text;

namespace ChaosLab.Lab.Image;

/// <summary>
/// What goes into the node image. The image is tagged with a hash of this recipe, so changing a
/// package or a build option yields a new tag and a rebuild; an unchanged recipe reuses the image.
/// </summary>
public static class NodeImageRecipe
{
    public const string Repository = "chaoslab/node";
    public const string Suite = "bookworm";

    /// <summary>The host's own deb822 sources: the image comes from the same mirror as the host's packages.</summary>
    public const string HostSources = "/etc/apt/sources.list.d/debian.sources";

    public static IReadOnlyList<string> Packages { get; } =
    [
        "iproute2", "iptables", "etcd-server", "etcd-client", "haproxy", "ca-certificates",
        "libicu72", "libssl3", "tini", "procps", "curl", "netcat-openbsd", "conntrack", "kmod",
        "containerd", "runc",
    ];

    /// <summary>Removed after install: docs, man pages, locales and apt lists are never read in a node.</summary>
    public const string CleanupHook =
        "rm -rf \"$1\"/usr/share/doc/* \"$1\"/usr/share/man/* \"$1\"/usr/share/locale/* \"$1\"/usr/share/info/* \"$1\"/var/cache/apt/* \"$1\"/var/lib/apt/lists/*";

    public static IReadOnlyList<string> MmdebstrapArguments(string outputTar) =>
    [
        "--variant=minbase",
        "--mode=root",
        "--format=tar",
        // Without merged-usr, usrmerge drags in perl (~60 MB).
        "--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr",
        "--aptopt=APT::Install-Recommends \"false\"",
        "--include=" + string.Join(',', Packages),
        "--customize-hook=" + CleanupHook,
        Suite,
        outputTar,
        HostSources,
    ];

    /// <summary>Applied by `docker import`: tini reaps orphans so the supervisor need not be PID 1.</summary>
    public static IReadOnlyList<string> ImportChanges(string hash) =>
    [
        "ENTRYPOINT [\"/usr/bin/tini\", \"--\"]",
        $"LABEL {LabLabels.Image}=node {LabLabels.Recipe}={hash}",
        "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    ];

    public static string Hash { get; } = ComputeHash();

    public static string Tag => Hash[..12];

    public static string Reference => $"{Repository}:{Tag}";

    private static string ComputeHash()
    {
        var recipe = new StringBuilder();
        foreach (var arg in MmdebstrapArguments("OUT"))
        {
            recipe.AppendLine(arg);
        }
        foreach (var change in ImportChanges("HASH"))
        {
            recipe.AppendLine(change);
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe.ToString())));
    }
}
