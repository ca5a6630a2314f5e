namespace ChaosLab.Harness.Reporting;

/// <summary>How a scenario ended. Ignored means <c>@ignore</c>; skipped means the target could not run it (the reason says why).</summary>
public enum Verdict
{
    Passed,
    Failed,
    Skipped,
    Ignored,
}
