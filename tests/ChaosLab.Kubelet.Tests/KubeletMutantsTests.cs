namespace ChaosLab.Kubelet.Tests;

[Category("Unit")]
public sealed class KubeletMutantsTests
{
    [Test]
    public void The_flag_selects_the_mutant_and_refuses_unknown_ones()
    {
        Assert.That(KubeletOptions.Parse([]).Mutant, Is.Null);
        Assert.That(KubeletOptions.Parse(["--mutant=kubelet-lease-stops"]).Mutant, Is.EqualTo(KubeletMutants.LeaseStops));
        var error = Assert.Throws<ArgumentException>(() => KubeletOptions.Parse(["--mutant=kubelet-naps"]));
        Assert.That(error!.Message, Does.Contain("the kubelet's mutants: kubelet-lease-stops"));
    }
}
