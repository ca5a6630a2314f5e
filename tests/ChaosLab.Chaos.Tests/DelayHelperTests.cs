using ChaosLab.Chaos.Mechanisms;

namespace ChaosLab.Chaos.Tests;

[Category("Unit")]
public sealed class DelayHelperTests
{
    [Test]
    public void A_process_is_placed_by_its_network_namespace()
    {
        var own = DelayHelper.NetworkNamespaceOf(Environment.ProcessId);

        Assert.That(own, Does.Match(@"^net:\[\d+\]$"));
        Assert.That(DelayHelper.NetworkNamespaceOf(int.MaxValue), Is.Null, "no such process");
    }

    [Test]
    public void Helpers_are_counted_only_in_the_namespaces_asked_for() =>
        Assert.That(DelayHelper.RunningIn(new HashSet<string>()), Is.Empty);
}
