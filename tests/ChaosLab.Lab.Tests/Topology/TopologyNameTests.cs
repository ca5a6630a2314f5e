namespace ChaosLab.Lab.Tests.Topology;

[Category("Unit")]
public sealed class TopologyNameTests
{
    [TestCase("single")]
    [TestCase("ha")]
    [TestCase("ha-external-etcd")]
    public void A_bundled_topologys_bare_name_is_its_file(string name)
    {
        Assert.That(RepositoryFiles.ResolveTopology(name), Is.EqualTo(RepositoryFiles.Topology(name)).And.Exist);
    }

    [TestCase("no-such-shape")]
    [TestCase("topologies/missing.yaml")]
    [TestCase("./ha")]
    public void Anything_else_stays_as_given_for_the_loader_to_report(string given)
    {
        Assert.That(RepositoryFiles.ResolveTopology(given), Is.EqualTo(given));
    }
}
