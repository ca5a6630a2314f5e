namespace ChaosLab.Harness.Reporting.Comparison;

/// <summary>
/// Several runs of the catalog side by side (bundled lab against another cluster, profile fast against kubernetes, a
/// sound build against a mutant): every scenario of any run, matched by its id, in the order the runs list them.
/// </summary>
public sealed class RunComparison
{
    private RunComparison(IReadOnlyList<ComparedRun> runs, IReadOnlyList<ScenarioComparison> scenarios, ComparisonThresholds thresholds)
    {
        Runs = runs;
        Scenarios = scenarios;
        Thresholds = thresholds;
    }

    public IReadOnlyList<ComparedRun> Runs { get; }

    public IReadOnlyList<ScenarioComparison> Scenarios { get; }

    public ComparisonThresholds Thresholds { get; }

    public int VerdictDifferences => Scenarios.Count(s => s.VerdictDiffers);

    public int BoundDifferences => Scenarios.Sum(s => s.Bounds.Count(b => b.Difference is not null));

    public static RunComparison Of(IReadOnlyList<ComparedRun> runs, ComparisonThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count < 2)
        {
            throw new ComparisonInputException($"a comparison needs at least two runs; {runs.Count} given");
        }
        thresholds ??= ComparisonThresholds.Default;
        var letters = runs.Select(r => r.Letter).ToList();
        var ids = runs.SelectMany(r => r.Run.Scenarios.Select(s => s.Id)).Distinct(StringComparer.Ordinal).ToList();
        var scenarios = ids
            .Select(id => ScenarioComparison.Of(id, [.. runs.Select(r => r.Run.Scenarios.FirstOrDefault(s => s.Id == id))], letters, thresholds))
            .ToList();
        return new RunComparison(runs, scenarios, thresholds);
    }

    /// <summary>The letters runs are known by in the tables: A, B, … Z, then A2, B2, ….</summary>
    public static string Letter(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"{(char)('A' + index % 26)}{index / 26 + 1}";
}
