namespace ChaosLab.Harness.Reporting;

/// <summary>The bound check closest to (or furthest past) its bound: a missed one first, then the highest measured ÷ bound.</summary>
internal static class WorstBound
{
    public static BoundCheck? Of(ScenarioRecord scenario) =>
        scenario.Bounds
            .OrderBy(b => b.Met)
            .ThenByDescending(Ratio)
            .FirstOrDefault();

    private static double Ratio(BoundCheck bound) => bound switch
    {
        { Measured: null } => double.PositiveInfinity,
        { Bound.Ticks: <= 0 } => double.PositiveInfinity,
        _ => bound.Measured.Value / bound.Bound,
    };
}
