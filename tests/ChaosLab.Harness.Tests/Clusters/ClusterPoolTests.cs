using ChaosLab.Harness.Clusters;
using ChaosLab.Lab.Lifecycle;

namespace ChaosLab.Harness.Tests.Clusters;

[Category("Unit")]
public sealed class ClusterPoolTests
{
    [TestCase("single", "feat-single-7a02")]
    [TestCase("ha", "feat-ha-7a02")]
    [TestCase("ha-external-etcd", "feat-ha-externa-7a02")]
    [TestCase("abcdefghi-jklmnop", "feat-abcdefghi-7a02")]
    public void Every_bundled_topology_gets_a_valid_lab_name(string topology, string expected)
    {
        var name = ClusterPool.LabName(topology, "7a02");

        Assert.That(name, Is.EqualTo(expected));
        Assert.DoesNotThrow(() => LabUp.ValidateName(name));
    }
}
