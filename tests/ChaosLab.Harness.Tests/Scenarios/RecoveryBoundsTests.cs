using ChaosLab.Harness.Scenarios;
using ChaosLab.Lab.Topology;

namespace ChaosLab.Harness.Tests.Scenarios;

[Category("Unit")]
public sealed class RecoveryBoundsTests
{
    [Test]
    public void Control_plane_rejoin_counts_the_renew_deadline_a_restart_and_start_up()
    {
        var fast = new RecoveryBounds(TimingProfile.Fast).Named("control-plane-rejoin");
        var kubernetes = new RecoveryBounds(TimingProfile.Kubernetes).Named("control-plane-rejoin");

        Assert.That(fast.Value, Is.EqualTo(TimingProfile.Fast.RenewDeadline + TimeSpan.FromSeconds(5.2)));
        Assert.That(kubernetes.Value, Is.EqualTo(TimingProfile.Kubernetes.RenewDeadline + TimeSpan.FromSeconds(5.2)));
        Assert.That(fast.Source, Does.Contain("renewDeadline 3 s").And.Contain("profile fast"));
    }

    [Test]
    public void An_unknown_bound_name_lists_the_known_ones()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RecoveryBounds(TimingProfile.Fast).Named("etcd-reboot"));

        Assert.That(ex!.Message, Does.Contain("'etcd-reboot'").And.Contain("control-plane-rejoin").And.Contain("etcd-restart"));
    }
}
