namespace ChaosLab.Network.Cni;

/// <summary>
/// The CNI spec versions the plugin speaks. A config's cniVersion picks the result's shape: 0.3.x and
/// 0.4.0 put "version": "4" in every ips entry, 1.0.0 dropped that field; CHECK exists from 0.4.0 on.
/// Older versions (0.1.0, 0.2.0: a different result type) and 1.1.0 (GC, STATUS) are refused with error
/// code 1, incompatible version.
/// </summary>
public static class CniVersions
{
    /// <summary>The version the plugin prefers: the conflist's and the one errors fall back to when the config names none.</summary>
    public const string Current = "1.0.0";

    public static IReadOnlyList<string> Supported { get; } = ["0.3.0", "0.3.1", "0.4.0", "1.0.0"];

    public static bool IsSupported(string? version) => version is not null && Supported.Contains(version);

    /// <summary>True when the version's ips entries carry the IP family ("4" or "6"), i.e. before 1.0.0.</summary>
    public static bool IpsCarryVersion(string version) => Compare(version, "1.0.0") < 0;

    /// <summary>True when the version has CHECK (0.4.0 and later).</summary>
    public static bool HasCheck(string version) => Compare(version, "0.4.0") >= 0;

    private static int Compare(string a, string b) => Version.Parse(a).CompareTo(Version.Parse(b));
}
