using System.Globalization;
using System.Text;

namespace ChaosLab.Harness.Reporting;

/// <summary>A run's folder under reports/: <c>&lt;yyyyMMdd-HHmmss&gt;-&lt;label&gt;</c>, so that folders sort by start time.</summary>
public static class RunFolder
{
    private const int MaxLabelLength = 60;

    /// <summary>
    /// Creates the folder and returns its full path. The time is written as <paramref name="startedAt"/> carries it (pass
    /// UTC for UTC names); the label keeps letters, digits, '-' and '_'; a name already taken gets "-2", "-3"… appended.
    /// </summary>
    public static string Create(string reportsRoot, DateTimeOffset startedAt, string label)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reportsRoot);
        var root = Directory.CreateDirectory(reportsRoot).FullName;
        var name = $"{startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Sanitize(label)}";

        var path = Path.Combine(root, name);
        for (var attempt = 2; Directory.Exists(path) || File.Exists(path); attempt++)
            path = Path.Combine(root, $"{name}-{attempt.ToString(CultureInfo.InvariantCulture)}");

        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A label that is one safe path segment on every file system: no separators, no dots, no spaces.</summary>
    internal static string Sanitize(string? label)
    {
        var builder = new StringBuilder();
        foreach (var c in label ?? "")
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
                builder.Append(c);
            else if (builder.Length > 0 && builder[^1] != '-')
                builder.Append('-');
        }

        var sanitized = builder.ToString().Trim('-');
        if (sanitized.Length > MaxLabelLength)
            sanitized = sanitized[..MaxLabelLength].TrimEnd('-');
        return sanitized.Length == 0 ? "run" : sanitized;
    }
}
