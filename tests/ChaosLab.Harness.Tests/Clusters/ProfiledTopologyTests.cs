using ChaosLab.Harness.Clusters;

namespace ChaosLab.Harness.Tests.Clusters;

[Category("Unit")]
public sealed class ProfiledTopologyTests
{
    [Test]
    public void The_profile_line_is_replaced_and_the_rest_kept()
    {
        var yaml = "# comment\nname: single\nprofile: fast\nnodes:\n  worker: 2\n";

        Assert.That(ProfiledTopology.Rewrite(yaml, "kubernetes"), Is.EqualTo("# comment\nname: single\nprofile: kubernetes\nnodes:\n  worker: 2\n"));
    }

    [Test]
    public void A_topology_without_a_profile_gets_one()
    {
        Assert.That(ProfiledTopology.Rewrite("name: single\nnodes:\n  worker: 2\n", "kubernetes"), Is.EqualTo("name: single\nnodes:\n  worker: 2\nprofile: kubernetes\n"));
    }
}
