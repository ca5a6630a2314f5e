using Reqnroll.BoDi;
using Reqnroll.Formatters.Configuration;

namespace ChaosLab.Harness.Execution;

/// <summary>
/// Reads the formatters section of reqnroll.json as Reqnroll does, then places the html and message formatters' files in
/// the <see cref="ReportFolder"/>: a missing outputFilePath becomes the default file name there, a relative one is taken
/// from there. Absolute paths and the REQNROLL_FORMATTERS* environment overrides are left as they are.
/// </summary>
internal sealed class ReportFolderConfigurationResolver(IObjectContainer container) : IFileBasedConfigurationResolver
{
    private const string OutputFilePathSetting = "outputFilePath";

    private static readonly Dictionary<string, string> DefaultFileNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["html"] = "reqnroll_report.html",
        ["message"] = "reqnroll_report.ndjson",
    };

    private readonly FileBasedConfigurationResolver _reqnrollJson = container.Resolve<FileBasedConfigurationResolver>();

    public IDictionary<string, IDictionary<string, object>> Resolve()
    {
        var formatters = _reqnrollJson.Resolve();
        var folder = ReportFolder.Resolve();
        foreach (var (name, settings) in formatters)
        {
            if (!DefaultFileNames.TryGetValue(name, out var defaultFileName))
                continue;
            var configured = settings.TryGetValue(OutputFilePathSetting, out var value) ? value?.ToString() : null;
            settings[OutputFilePathSetting] = Path.Combine(folder, string.IsNullOrWhiteSpace(configured) ? defaultFileName : configured);
        }

        return formatters;
    }
}
