using ChaosLab.Lab.Image;

namespace ChaosLab.Lab.Tests.Image;

[Category("Unit")]
public sealed class NodeImageRecipeTests
{
    [Test]
    public void Tag_is_a_prefix_of_the_recipe_hash() =>
        Assert.That(NodeImageRecipe.Hash, Does.StartWith(NodeImageRecipe.Tag).And.Length.EqualTo(64));

    [Test]
    public void Image_is_built_from_the_hosts_sources_without_recommends_and_with_etcd_and_haproxy()
    {
        var args = NodeImageRecipe.MmdebstrapArguments("/tmp/out.tar");

        Assert.That(args, Does.Contain(NodeImageRecipe.HostSources));
        Assert.That(args, Does.Contain("--aptopt=APT::Install-Recommends \"false\""));
        Assert.That(NodeImageRecipe.Packages, Is.SupersetOf(new[] { "etcd-server", "haproxy", "iptables", "iproute2", "tini" }));
    }

    [Test]
    public void Import_sets_tini_as_entrypoint_and_labels_the_recipe() =>
        Assert.That(string.Join('\n', NodeImageRecipe.ImportChanges("abc")), Does.Contain("tini").And.Contain($"{LabLabels.Recipe}=abc"));
}
