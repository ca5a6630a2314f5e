using ChaosLab.Harness.Clusters;
using ChaosLab.Harness.Reporting;
using ChaosLab.Lab;
using ChaosLab.Lab.Mutants;

namespace ChaosLab.Harness.Scenarios;

/// <summary>
/// One `dotnet test` run of the catalog: its run folder under reports/ (or CHAOSLAB_REPORT_DIR), the
/// record every scenario adds itself to, and the report written at the end.
/// </summary>
public static class HarnessRun
{
    public const string ReportDirVariable = "CHAOSLAB_REPORT_DIR";

    public static RunRecord Record { get; } = new();

    public static string Folder { get; private set; } = "";

    /// <summary>Creates the run folder and points Reqnroll's formatters at it; call before the Reqnroll run starts.</summary>
    public static void Begin()
    {
        Record.StartedAt = DateTimeOffset.UtcNow;
        Record.RunId = Record.StartedAt.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        Record.Machine = $"{Environment.MachineName}, {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB";
        Record.Target = ClusterPool.ExternalKubeconfig is { } kubeconfig ? $"cluster of kubeconfig {kubeconfig}" : "bundled lab (topology per scenario)";
        if (ClusterPool.ExternalKubeconfig is null && MutantSelection.FromEnvironment() is { IsEmpty: false } mutants)
        {
            Record.Target += $", mutants {mutants}";
        }
        if (Environment.GetEnvironmentVariable(ReportDirVariable) is { Length: > 0 } given)
        {
            Directory.CreateDirectory(given);
            Folder = Path.GetFullPath(given);
        }
        else
        {
            Folder = RunFolder.Create(Path.Combine(RepositoryFiles.Root, "reports"), Record.StartedAt, ClusterPool.ExternalKubeconfig is null ? "bundled" : "external");
            Environment.SetEnvironmentVariable(ReportDirVariable, Folder);
        }
    }

    /// <summary>Writes the report; returns the files written.</summary>
    public static IReadOnlyList<string> Finish()
    {
        Record.EndedAt = DateTimeOffset.UtcNow;
        return Folder.Length == 0 ? [] : RunReportWriter.Write(Record, Folder);
    }
}
