using ChaosLab.Lab.Image;

namespace ChaosLab.Lab.Tests.Image;

[Category("Unit")]
public sealed class ImageReferenceTests
{
    [TestCase("chaoslab/echo", "chaoslab/echo:latest")]
    [TestCase(" chaoslab/echo ", "chaoslab/echo:latest")]
    [TestCase("chaoslab/echo:2", "chaoslab/echo:2")]
    [TestCase("localhost:5000/app", "localhost:5000/app:latest")]
    [TestCase("localhost:5000/app:1", "localhost:5000/app:1")]
    [TestCase("app@sha256:0123", "app@sha256:0123")]
    public void A_reference_without_tag_or_digest_means_latest(string reference, string expected) =>
        Assert.That(ImageReference.WithTag(reference), Is.EqualTo(expected));

    [TestCase("chaoslab/echo", "chaoslab/echo", null)]
    [TestCase("chaoslab/echo:latest", "chaoslab/echo", "latest")]
    [TestCase("localhost:5000/app:1", "localhost:5000/app", "1")]
    [TestCase("localhost:5000/app", "localhost:5000/app", null)]
    [TestCase("app:1@sha256:0123", "app", null)]
    public void Repository_and_tag(string reference, string repository, string? tag) =>
        Assert.That((ImageReference.Repository(reference), ImageReference.Tag(reference)), Is.EqualTo((repository, tag)));
}
