namespace ChaosLab.Harness.Reporting.Comparison;

/// <summary>
/// When two measurements count as different. A bound's measured times differ when they are further apart than both
/// <paramref name="Seconds"/> and <paramref name="Fraction"/> of the smaller one (a second's noise on a 2 s failover is
/// not a finding; 2 s against 40 s is); availabilities differ by more than <paramref name="AvailabilityPoints"/> (a share).
/// </summary>
public sealed record ComparisonThresholds(TimeSpan Seconds, double Fraction, double AvailabilityPoints)
{
    public static ComparisonThresholds Default { get; } = new(TimeSpan.FromSeconds(1), 0.5, 0.1);

    public bool TimesDiffer(TimeSpan a, TimeSpan b)
    {
        var apart = (a - b).Duration();
        var smaller = a < b ? a : b;
        return apart > Seconds && apart.TotalSeconds > Fraction * smaller.TotalSeconds;
    }

    public bool AvailabilitiesDiffer(double a, double b) => Math.Abs(a - b) > AvailabilityPoints + 1e-9;
}
