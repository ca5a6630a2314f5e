using System.Globalization;

namespace ChaosLab.Harness.Reporting.Comparison;

/// <summary>
/// One scenario across the runs: its record in each (null where a run did not have it), its bounds side by side, and
/// the differences found (verdicts, availability during faults).
/// </summary>
public sealed record ScenarioComparison(
    string Id,
    string Feature,
    string Title,
    IReadOnlyList<ScenarioRecord?> PerRun,
    IReadOnlyList<BoundComparison> Bounds,
    IReadOnlyList<double?> AvailabilityDuringFaults,
    IReadOnlyList<string> Differences)
{
    public bool VerdictDiffers => PerRun.Select(s => s?.Verdict).Distinct().Count() > 1;

    public bool Differs => Differences.Count > 0 || Bounds.Any(b => b.Difference is not null);

    public static ScenarioComparison Of(string id, IReadOnlyList<ScenarioRecord?> perRun, IReadOnlyList<string> letters, ComparisonThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(perRun);
        ArgumentNullException.ThrowIfNull(letters);
        var first = perRun.First(s => s is not null)!;
        var boundCount = perRun.Max(s => s?.Bounds.Count ?? 0);
        var bounds = Enumerable.Range(0, boundCount)
            .Select(i => BoundComparison.Of([.. perRun.Select(s => s is not null && i < s.Bounds.Count ? s.Bounds[i] : null)], letters, thresholds))
            .ToList();
        var availability = perRun.Select(s => s is null ? null : ResilienceScore.AvailabilityDuringFaults(s)).ToList();

        var differences = new List<string>();
        if (perRun.Select(s => s?.Verdict).Distinct().Count() > 1)
        {
            differences.Add("verdict differs");
        }
        var measured = availability.OfType<double>().ToList();
        if (measured.Count >= 2 && thresholds.AvailabilitiesDiffer(measured.Min(), measured.Max()))
        {
            differences.Add(string.Create(CultureInfo.InvariantCulture, $"availability {(measured.Max() - measured.Min()) * 100:0.#} points apart"));
        }
        return new ScenarioComparison(id, first.Feature, first.Title, perRun, bounds, availability, differences);
    }
}
