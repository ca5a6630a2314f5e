namespace ChaosLab.Cli.Mutants;

/// <summary>Mutants × scenarios: for each mutant's run, what each scenario of the catalog made of it.</summary>
public sealed class KillMatrix(IReadOnlyList<MutantRun> runs, DateTimeOffset startedAt, TimeSpan duration)
{
    public IReadOnlyList<MutantRun> Runs => runs;

    public DateTimeOffset StartedAt => startedAt;

    public TimeSpan Duration => duration;

    /// <summary>Every scenario any run saw, by id, in the order first seen.</summary>
    public IReadOnlyList<(string Id, string Feature, string Title)> Scenarios =>
        runs.SelectMany(r => r.Scenarios).DistinctBy(s => s.Id).Select(s => (s.Id, s.Feature, s.Title)).ToList();

    public int CaughtCount => runs.Count(r => r.Caught);

    public bool AllCaught => runs.Count > 0 && runs.All(r => r.Caught);

    /// <summary>The outcome of a scenario in a mutant's run; null when that run did not include it.</summary>
    public static ScenarioOutcome? Cell(MutantRun run, string scenarioId)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Scenarios.FirstOrDefault(s => s.Id == scenarioId);
    }
}
