using System.Net;

namespace ChaosLab.ControllerManager.Tests;

[Category("Unit")]
public class ControllerManagerOptionsTests
{
    [Test]
    public void Defaults_are_upstreams()
    {
        var o = ControllerManagerOptions.Parse([]);

        Assert.That(o.LeaderElect, Is.True);
        Assert.That((o.LeaderElectLeaseDuration, o.LeaderElectRenewDeadline, o.LeaderElectRetryPeriod),
            Is.EqualTo((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2))));
        Assert.That((o.NodeMonitorPeriod, o.NodeMonitorGracePeriod), Is.EqualTo((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(50))));
        Assert.That(o.AllocateNodeCidrs, Is.False);
        Assert.That(o.NodeCidrMaskSize, Is.EqualTo(24));
    }

    [Test]
    public void Parses_go_durations_and_both_flag_forms()
    {
        var o = ControllerManagerOptions.Parse([
            "--kubeconfig", "/etc/kubernetes/cm.conf", "--leader-elect=false",
            "--leader-elect-lease-duration=4s", "--leader-elect-renew-deadline", "3s", "--leader-elect-retry-period=500ms",
            "--node-monitor-period=1s", "--node-monitor-grace-period=1m30s",
            "--allocate-node-cidrs", "--cluster-cidr=10.244.0.0/16", "--node-cidr-mask-size=26",
            "--concurrent-replicaset-syncs=2", "--port=10300", "--controllers=*,-garbagecollector",
        ]);

        Assert.That(o.Kubeconfig, Is.EqualTo("/etc/kubernetes/cm.conf"));
        Assert.That(o.LeaderElect, Is.False);
        Assert.That(o.LeaderElectRetryPeriod, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        Assert.That(o.NodeMonitorGracePeriod, Is.EqualTo(TimeSpan.FromSeconds(90)));
        Assert.That((o.AllocateNodeCidrs, o.ClusterCidrs.Single(), o.NodeCidrMaskSize), Is.EqualTo((true, IPNetwork.Parse("10.244.0.0/16"), 26)));
        Assert.That((o.ConcurrentReplicaSetSyncs, o.Port), Is.EqualTo((2, 10300)));
        Assert.That(o.IsEnabled("replicaset"), Is.True);
        Assert.That(o.IsEnabled("garbagecollector"), Is.False);
    }

    [Test]
    public void Service_account_and_root_CA_controllers_run_by_default_and_take_a_root_ca_file()
    {
        var o = ControllerManagerOptions.Parse(["--root-ca-file=/etc/kubernetes/pki/ca.crt"]);

        Assert.That(o.RootCaFile, Is.EqualTo("/etc/kubernetes/pki/ca.crt"));
        Assert.That(o.IsEnabled("serviceaccount") && o.IsEnabled("root-ca-cert-publisher"), Is.True);
        Assert.That(ControllerManagerOptions.Parse(["--controllers=*,-root-ca-cert-publisher"]).IsEnabled("root-ca-cert-publisher"), Is.False);
    }

    [TestCase("--bogus=1")]
    [TestCase("--allocate-node-cidrs")]
    [TestCase("--controllers=replicaset,frobnicator")]
    [TestCase("--cluster-cidr=10.244.0.0/16 --node-cidr-mask-size=8")]
    public void Rejects_bad_flags(string args)
    {
        Assert.Throws<ArgumentException>(() => ControllerManagerOptions.Parse(args.Split(' ')));
    }
}
