using System.Text;

namespace ChaosLab.Harness.Reporting;

/// <summary>Writes a run's resilience report into its run folder: results.json, junit.xml, summary.md and index.html.</summary>
public static class RunReportWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the report files and returns their full paths. Safe to call while observers still append: it writes a snapshot.</summary>
    public static IReadOnlyList<string> Write(RunRecord run, string folder)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);

        var snapshot = run.Snapshot();
        return
        [
            WriteFile(folder, ResultsJson.FileName, ResultsJson.Render(snapshot)),
            WriteFile(folder, JUnitXml.FileName, JUnitXml.Render(snapshot)),
            WriteFile(folder, SummaryMarkdown.FileName, SummaryMarkdown.Render(snapshot)),
            WriteFile(folder, IndexHtml.FileName, IndexHtml.Render(snapshot, folder)),
        ];
    }

    private static string WriteFile(string folder, string name, string content)
    {
        var path = Path.GetFullPath(Path.Combine(folder, name));
        File.WriteAllText(path, content, Utf8);
        return path;
    }
}
