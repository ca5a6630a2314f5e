using System.Globalization;

namespace ChaosLab.Harness.Reporting.Comparison;

/// <summary>
/// One bound check of a scenario across the runs, matched by its position among the scenario's bounds (its text names
/// nodes, which differ between targets). <see cref="PerRun"/> holds null where a run did not reach it.
/// <see cref="Difference"/> says what differs, or is null.
/// </summary>
public sealed record BoundComparison(string What, string Kind, IReadOnlyList<BoundCheck?> PerRun, string? Difference)
{
    public static BoundComparison Of(IReadOnlyList<BoundCheck?> perRun, IReadOnlyList<string> letters, ComparisonThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(perRun);
        ArgumentNullException.ThrowIfNull(thresholds);
        var first = perRun.First(b => b is not null)!;
        return new BoundComparison(first.What, first.Kind, perRun, DifferenceOf(perRun, letters, thresholds));
    }

    private static string? DifferenceOf(IReadOnlyList<BoundCheck?> perRun, IReadOnlyList<string> letters, ComparisonThresholds thresholds)
    {
        var present = perRun.Select((b, i) => (Bound: b, Letter: letters[i])).Where(x => x.Bound is not null).ToList();
        if (present.Count < 2)
        {
            return null;
        }
        var missed = present.Where(x => !x.Bound!.Met).Select(x => x.Letter).ToList();
        if (missed.Count > 0 && missed.Count < present.Count)
        {
            return $"missed in {string.Join(", ", missed)}";
        }
        var measured = present.Where(x => x.Bound!.Measured is not null).Select(x => x.Bound!.Measured!.Value).ToList();
        if (measured.Count >= 2 && thresholds.TimesDiffer(measured.Min(), measured.Max()))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(measured.Max() - measured.Min()).TotalSeconds:0.##} s apart");
        }
        return null;
    }
}
