using System.Text.Json;

namespace ChaosLab.Harness.Reporting.Comparison;

/// <summary>One run of a comparison: its letter in the tables ("A"), its run folder and the record read from its results.json.</summary>
public sealed record ComparedRun(string Letter, string Folder, RunRecord Run)
{
    /// <summary>The folder's name, e.g. "20261207-231500-external".</summary>
    public string Name => Path.GetFileName(Folder);

    /// <summary>The timing profiles its scenarios ran with ("fast", or "fast, kubernetes" for a mixed run); "unknown" when none says.</summary>
    public string Profiles =>
        Run.Scenarios.Select(s => s.TimingProfile).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } profiles
            ? string.Join(", ", profiles)
            : "unknown";

    /// <summary>
    /// Reads the run in <paramref name="path"/>: a run folder, its results.json, or a folder name under <paramref name="reportsRoot"/>.
    /// </summary>
    /// <exception cref="ComparisonInputException">Naming the path: it does not exist, holds no results.json, or the file cannot be read as a run.</exception>
    public static ComparedRun Load(string letter, string path, string? reportsRoot = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var folder = ResolveFolder(path, reportsRoot);
        var results = Path.Combine(folder, ResultsJson.FileName);
        if (!File.Exists(results))
        {
            throw new ComparisonInputException($"{folder} is not a run folder: it has no {ResultsJson.FileName}");
        }
        try
        {
            return new ComparedRun(letter, folder, ResultsJson.Read(results));
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ComparisonInputException($"{results} cannot be read as a run's results: {ex.Message}", ex);
        }
    }

    private static string ResolveFolder(string path, string? reportsRoot)
    {
        if (File.Exists(path) && Path.GetFileName(path) == ResultsJson.FileName)
        {
            return Path.GetDirectoryName(Path.GetFullPath(path))!;
        }
        if (Directory.Exists(path))
        {
            return Path.GetFullPath(path);
        }
        if (reportsRoot is not null && !Path.IsPathRooted(path) && Directory.Exists(Path.Combine(reportsRoot, path)))
        {
            return Path.GetFullPath(Path.Combine(reportsRoot, path));
        }
        throw new ComparisonInputException(File.Exists(path)
            ? $"{Path.GetFullPath(path)} is a file, not a run folder; give the folder that holds {ResultsJson.FileName}"
            : $"{Path.GetFullPath(path)}: no such run folder");
    }
}
