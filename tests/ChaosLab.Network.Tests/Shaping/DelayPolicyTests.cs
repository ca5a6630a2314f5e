using ChaosLab.Network.Shaping;

namespace ChaosLab.Network.Tests.Shaping;

[Category("Unit")]
public sealed class DelayPolicyTests
{
    [Test]
    public void Without_jitter_or_loss_every_packet_gets_the_delay()
    {
        var policy = new DelayPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.Zero, 0, new Random(1));

        Assert.That(Enumerable.Range(0, 1000).Select(_ => policy.Next()), Is.All.EqualTo(TimeSpan.FromMilliseconds(100)));
    }

    [Test]
    public void Jitter_spreads_the_delay_uniformly_on_both_sides_and_never_below_zero()
    {
        var policy = new DelayPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(10), 0, new Random(2));
        var held = Enumerable.Range(0, 10_000).Select(_ => policy.Next()!.Value.TotalMilliseconds).ToList();

        Assert.That(held, Is.All.InRange(90.0, 110.0));
        Assert.That(held.Average(), Is.EqualTo(100).Within(0.5));
        Assert.That(held.Count(h => h < 95), Is.EqualTo(2500).Within(250));

        var wide = new DelayPolicy(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20), 0, new Random(3));
        var clamped = Enumerable.Range(0, 1000).Select(_ => wide.Next()!.Value).ToList();
        Assert.That(clamped, Is.All.GreaterThanOrEqualTo(TimeSpan.Zero));
        Assert.That(clamped, Has.Some.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Loss_drops_that_fraction_of_packets()
    {
        var policy = new DelayPolicy(TimeSpan.Zero, TimeSpan.Zero, 0.3, new Random(4));

        var dropped = Enumerable.Range(0, 10_000).Count(_ => policy.Next() is null);

        Assert.That(dropped, Is.EqualTo(3000).Within(200));
    }

    [Test]
    public void The_same_seed_gives_the_same_decisions()
    {
        static List<TimeSpan?> Run()
        {
            var policy = new DelayPolicy(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(5), 0.5, new Random(9));
            return [.. Enumerable.Range(0, 100).Select(_ => policy.Next())];
        }

        var first = Run();

        Assert.That(Run(), Is.EqualTo(first));
    }
}
