using System.Text;

namespace ChaosLab.Harness.Reporting.Comparison;

/// <summary>Writes a comparison of runs into its own folder under reports/: compare.html and compare.md.</summary>
public static class ComparisonReportWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Reads the runs (see <see cref="ComparedRun.Load"/>), compares them and writes the pages into a new folder <c>&lt;time&gt;-compare</c> under <paramref name="reportsRoot"/>.</summary>
    /// <returns>The folder and the two files written.</returns>
    /// <exception cref="ComparisonInputException">A run cannot be read, or fewer than two were given.</exception>
    public static (string Folder, IReadOnlyList<string> Files) Write(IReadOnlyList<string> runPaths, string reportsRoot, DateTimeOffset now, ComparisonThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(runPaths);
        var runs = runPaths.Select((path, i) => ComparedRun.Load(RunComparison.Letter(i), path, reportsRoot)).ToList();
        var comparison = RunComparison.Of(runs, thresholds);
        var folder = RunFolder.Create(reportsRoot, now, "compare");
        return (folder, Write(comparison, folder));
    }

    public static IReadOnlyList<string> Write(RunComparison comparison, string folder)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        Directory.CreateDirectory(folder);
        return
        [
            WriteFile(folder, ComparisonHtml.FileName, ComparisonHtml.Render(comparison, folder)),
            WriteFile(folder, ComparisonMarkdown.FileName, ComparisonMarkdown.Render(comparison)),
        ];
    }

    private static string WriteFile(string folder, string name, string content)
    {
        var path = Path.GetFullPath(Path.Combine(folder, name));
        File.WriteAllText(path, content, Utf8);
        return path;
    }
}
