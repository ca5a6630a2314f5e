using System.Text.RegularExpressions;

namespace ChaosLab.Harness.Clusters;

/// <summary>
/// A bundled topology under another timing profile: with CHAOSLAB_PROFILE set, the pool brings up the same nodes with
/// that profile's timings (profile kubernetes: upstream defaults), so that one catalog run can be compared with another.
/// </summary>
public static partial class ProfiledTopology
{
    /// <summary>The topology's YAML with its <c>profile:</c> set to <paramref name="profile"/> (added when it has none).</summary>
    public static string Rewrite(string yaml, string profile)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrWhiteSpace(profile);
        return ProfileLine().IsMatch(yaml)
            ? ProfileLine().Replace(yaml, $"profile: {profile}", 1)
            : $"{yaml.TrimEnd()}\nprofile: {profile}\n";
    }

    /// <summary>A copy of <paramref name="topologyFile"/> with the profile set, in the temporary folder; returns its path.</summary>
    public static string WriteCopy(string topologyFile, string profile)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"chaoslab-{Path.GetFileNameWithoutExtension(topologyFile)}-{profile}-{Environment.ProcessId}.yaml");
        File.WriteAllText(copy, Rewrite(File.ReadAllText(topologyFile), profile));
        return copy;
    }

    [GeneratedRegex(@"^profile:[^\r\n]*", RegexOptions.Multiline)]
    private static partial Regex ProfileLine();
}
