namespace ChaosLab.Cli.Mutants;

/// <summary>What one scenario made of a mutant.</summary>
public enum KillResult
{
    /// <summary>The scenario failed: it noticed the mutant.</summary>
    Caught,

    /// <summary>The scenario passed with the mutant in place.</summary>
    NotCaught,

    /// <summary>The scenario did not run (skipped or ignored).</summary>
    Skipped,
}

/// <summary>One scenario of a mutant's run: the result, and for a catch the step that failed and why.</summary>
public sealed record ScenarioOutcome(string Id, string Feature, string Title, KillResult Result, string? Step, string? Detail);

/// <summary>The catalog's run against one mutant: its report folder, how long it took, and every scenario's outcome.</summary>
/// <param name="Problem">Why there are no outcomes (the run wrote no results), else null.</param>
public sealed record MutantRun(string Mutant, string Component, string ReportFolder, TimeSpan Duration, IReadOnlyList<ScenarioOutcome> Scenarios, string? Problem = null)
{
    public bool Caught => Scenarios.Any(s => s.Result == KillResult.Caught);

    /// <summary>The first scenario that caught the mutant, in the run's order.</summary>
    public ScenarioOutcome? FirstCatch => Scenarios.FirstOrDefault(s => s.Result == KillResult.Caught);
}
