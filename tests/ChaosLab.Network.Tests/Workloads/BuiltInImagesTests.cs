using ChaosLab.Workloads;

namespace ChaosLab.Network.Tests.Workloads;

[Category("Unit")]
public sealed class BuiltInImagesTests
{
    [TestCase("chaoslab/echo", "chaoslab/echo")]
    [TestCase("chaoslab/echo:2", "chaoslab/echo")]
    [TestCase("chaoslab/echo:latest", "chaoslab/echo")]
    [TestCase("chaoslab/pause@sha256:0123abcd", "chaoslab/pause")]
    [TestCase("chaoslab/shell:1.0@sha256:0123abcd", "chaoslab/shell")]
    [TestCase(" chaoslab/echo ", "chaoslab/echo")]
    [TestCase("localhost:5000/chaoslab/echo", "localhost:5000/chaoslab/echo")]
    [TestCase("docker.io/chaoslab/echo:2", "docker.io/chaoslab/echo")]
    [TestCase("nginx", "nginx")]
    public void Normalize_strips_tag_and_digest_but_keeps_registry_prefixes(string image, string expected)
    {
        Assert.That(BuiltInImages.Normalize(image), Is.EqualTo(expected));
    }

    [TestCase("chaoslab/echo", true)]
    [TestCase("chaoslab/echo:2", true)]
    [TestCase("chaoslab/pause:3.9", true)]
    [TestCase("chaoslab/shell", true)]
    [TestCase("docker.io/chaoslab/echo", false)]
    [TestCase("registry.k8s.io/pause:3.9", false)]
    [TestCase("nginx:1.25", false)]
    [TestCase("chaoslab/unknown", false)]
    [TestCase("", false)]
    public void Only_built_in_images_are_known(string image, bool known)
    {
        Assert.That(BuiltInImages.IsKnown(image), Is.EqualTo(known));
    }

    [Test]
    public void The_unknown_image_message_lists_every_known_image()
    {
        var message = BuiltInImages.UnknownMessage("nginx");

        Assert.That(message, Does.Contain("nginx"));
        Assert.That(BuiltInImages.All.Keys, Is.All.Matches<string>(message.Contains));
    }
}
