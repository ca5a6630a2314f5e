using ChaosLab.Harness.Reporting.Comparison;

namespace ChaosLab.Harness.Tests.Reporting.Comparison;

[Category("Unit")]
public sealed class ComparisonThresholdsTests
{
    [TestCase(2.0, 2.9, false, TestName = "Under a second apart is noise")]
    [TestCase(2.0, 3.5, true, TestName = "1.5 s apart on 2 s is a difference")]
    [TestCase(40.0, 45.0, false, TestName = "5 s apart on 40 s is within half of it")]
    [TestCase(3.0, 45.0, true, TestName = "3 s against 45 s is a difference")]
    public void Times_differ_beyond_both_the_seconds_and_the_fraction(double a, double b, bool differ) =>
        Assert.That(ComparisonThresholds.Default.TimesDiffer(TimeSpan.FromSeconds(a), TimeSpan.FromSeconds(b)), Is.EqualTo(differ));

    [Test]
    public void Availabilities_differ_beyond_the_points()
    {
        Assert.That(ComparisonThresholds.Default.AvailabilitiesDiffer(0.95, 0.85), Is.False);
        Assert.That(ComparisonThresholds.Default.AvailabilitiesDiffer(0.95, 0.80), Is.True);
    }
}
