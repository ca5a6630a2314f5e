using System.Globalization;

namespace ChaosLab.Kubelet.Tests.Server;

/// <summary>Lines of a CRI log file, as containerd writes them, at 2025-01-01T10:00:SS.123456789Z.</summary>
internal static class Cri
{
    public static string Line(int second, string content, string stream = "stdout", string tag = "F") =>
        $"{Shown(second)} {stream} {tag} {content}\n";

    /// <summary>The time of <see cref="Line"/> as the kubelet shows it with timestamps=true.</summary>
    public static string Shown(int second) =>
        string.Create(CultureInfo.InvariantCulture, $"2025-01-01T10:00:{second:D2}.123456789Z");
}
