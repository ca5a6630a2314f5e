namespace ChaosLab.Harness.Reporting;

/// <summary>The numbers every report shows in its header, computed once from a run.</summary>
internal sealed record RunSummary(
    int Total,
    int Passed,
    int Failed,
    int Skipped,
    int Ignored,
    TimeSpan Duration,
    double? Score,
    int ScoredScenarios)
{
    public static RunSummary Of(RunRecord run)
    {
        int Count(Verdict verdict) => run.Scenarios.Count(s => s.Verdict == verdict);

        return new RunSummary(
            run.Scenarios.Count,
            Count(Verdict.Passed),
            Count(Verdict.Failed),
            Count(Verdict.Skipped),
            Count(Verdict.Ignored),
            RunDuration(run),
            ResilienceScore.Of(run),
            run.Scenarios.Count(ResilienceScore.IsScored));
    }

    /// <summary>Until the run's end, or, while it has none yet, until the last scenario's end.</summary>
    private static TimeSpan RunDuration(RunRecord run)
    {
        var end = run.EndedAt ?? (run.Scenarios.Count == 0 ? run.StartedAt : run.Scenarios.Max(s => s.EndedAt));
        return end > run.StartedAt ? end - run.StartedAt : TimeSpan.Zero;
    }
}
