using System.Globalization;
using System.Text.RegularExpressions;

namespace ChaosLab.ApiServer.CustomResources;

/// <summary>
/// Upstream's kube-aware version order, most preferred first: GA before beta before alpha, higher numbers first
/// (v2, v1, v1beta2, v1beta1, v1alpha1), then names that do not look like versions, alphabetically.
/// </summary>
public static partial class VersionPriority
{
    public static IComparer<string> Comparer { get; } = Comparer<string>.Create(Compare);

    public static int Compare(string? a, string? b)
    {
        var (ka, kb) = (Key(a ?? ""), Key(b ?? ""));
        if (ka is null || kb is null)
        {
            return ka is null && kb is null ? string.CompareOrdinal(a, b) : ka is null ? 1 : -1;
        }
        var byStage = kb.Value.Stage.CompareTo(ka.Value.Stage);
        if (byStage != 0) return byStage;
        var byMajor = kb.Value.Major.CompareTo(ka.Value.Major);
        return byMajor != 0 ? byMajor : kb.Value.Minor.CompareTo(ka.Value.Minor);
    }

    private static (int Stage, long Major, long Minor)? Key(string version)
    {
        var m = Shape().Match(version);
        if (!m.Success) return null;
        var major = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var stage = m.Groups[2].Value switch { "beta" => 1, "alpha" => 0, _ => 2 };
        var minor = m.Groups[3].Success ? long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
        return (stage, major, minor);
    }

    [GeneratedRegex(@"^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$")]
    private static partial Regex Shape();
}
