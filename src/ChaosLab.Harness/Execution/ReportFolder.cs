namespace ChaosLab.Harness.Execution;

/// <summary>Where the HTML and Cucumber Messages reports go: <c>CHAOSLAB_REPORT_DIR</c>, else the test output folder.</summary>
public static class ReportFolder
{
    public const string EnvironmentVariable = "CHAOSLAB_REPORT_DIR";

    public static string Resolve() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : AppContext.BaseDirectory;
}
