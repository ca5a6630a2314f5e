namespace ChaosLab.Cli.Bench;

/// <summary>Nearest-rank percentiles of a sample (NaN for an empty one).</summary>
internal sealed record Percentiles(double P50, double P99)
{
    public static Percentiles Of(IEnumerable<double> sample)
    {
        var sorted = sample.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Percentiles(double.NaN, double.NaN);
        }
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(At(0.5), At(0.99));
    }
}
