using ChaosLab.Harness.Clusters;

namespace ChaosLab.Harness.Tests.Clusters;

[Category("Unit")]
public sealed class CatalogImagesTests
{
    [TestCase("chaoslab/echo", null, "chaoslab/echo", TestName = "Without a prefix the image is as written")]
    [TestCase("chaoslab/echo", "registry.example/chaoslab/", "registry.example/chaoslab/echo", TestName = "The prefix replaces chaoslab/")]
    [TestCase("chaoslab/shell:1", "registry.example:5000/team", "registry.example:5000/team/shell:1", TestName = "A prefix without its slash gets one")]
    [TestCase("nginx:1.27", "registry.example/chaoslab/", "nginx:1.27", TestName = "Other images keep their name")]
    public void Own_images_move_under_the_prefix(string image, string? prefix, string expected) =>
        Assert.That(CatalogImages.Resolve(image, prefix), Is.EqualTo(expected));
}
