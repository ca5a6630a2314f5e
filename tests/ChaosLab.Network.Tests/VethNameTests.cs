namespace ChaosLab.Network.Tests;

[Category("Unit")]
public sealed class VethNameTests
{
    [Test]
    public void The_name_is_veth_and_eight_hex_digits_within_the_linux_limit()
    {
        var name = VethName.For("default/web-7d4f9c-abcde");

        Assert.That(name, Does.Match("^veth[0-9a-f]{8}$"));
        Assert.That(name, Has.Length.LessThanOrEqualTo(15));
    }

    [Test]
    public void The_name_is_stable_per_pod_and_differs_between_pods()
    {
        var first = VethName.For("pod-a");

        Assert.That(VethName.For("pod-a"), Is.EqualTo(first));
        Assert.That(VethName.For("pod-a"), Is.Not.EqualTo(VethName.For("pod-b")));
    }

    [Test]
    public void The_name_is_the_start_of_the_sha256_of_the_pod_id()
    {
        // Pinned: DEL finds a pod's veth by recomputing the name, so the derivation must never drift.
        // printf pod-a | sha256sum → 9bb860b4a6e4...
        Assert.That(VethName.For("pod-a"), Is.EqualTo("veth9bb860b4"));
    }

    [Test]
    public void An_empty_pod_id_is_rejected() => Assert.That(() => VethName.For(""), Throws.ArgumentException);
}
