using ChaosLab.Client.Flags;
namespace ChaosLab.KubeProxy.Tests;

[Category("Unit")]
public sealed class KubeProxyOptionsTests
{
    [Test]
    public void Upstream_flags_are_parsed_in_both_spellings()
    {
        var options = KubeProxyOptions.Parse(["--kubeconfig", "/k", "--hostname-override=Worker-1", "--cluster-cidr=10.244.0.0/16",
            "--proxy-mode=iptables", "--iptables-sync-period=1m30s", "--iptables-min-sync-period", "250ms", "--healthz-port=12345"]);

        Assert.That(options.Kubeconfig, Is.EqualTo("/k"));
        Assert.That(options.NodeName, Is.EqualTo("worker-1"));
        Assert.That(options.ClusterCidr.ToString(), Is.EqualTo("10.244.0.0/16"));
        Assert.That(options.SyncPeriod, Is.EqualTo(TimeSpan.FromSeconds(90)));
        Assert.That(options.MinSyncPeriod, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
        Assert.That(options.HealthzPort, Is.EqualTo(12345));
        Assert.That(options.HealthTimeout, Is.EqualTo(TimeSpan.FromSeconds(180)));
    }

    [Test]
    public void Defaults_follow_upstream_where_the_lab_does_not_need_faster()
    {
        var options = KubeProxyOptions.Parse([]);

        Assert.That((options.SyncPeriod, options.MinSyncPeriod, options.HealthzPort, options.ProxyMode, options.Cleanup),
            Is.EqualTo((TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), 10256, "iptables", false)));
        Assert.That(options.Kubeconfig, Is.EqualTo("/etc/chaoslab/kubeconfig-kube-proxy"));
        Assert.That(KubeProxyOptions.Parse(["--cleanup"]).Cleanup, Is.True);
    }

    [TestCase("--proxy-mode=ipvs", "only iptables is implemented")]
    [TestCase("--proxy-mode=nftables", "only iptables is implemented")]
    [TestCase("--iptables-min-sync-period=1m", "must be between 0 and --iptables-sync-period")]
    [TestCase("--bogus=1", "unknown flag --bogus")]
    [TestCase("--iptables-sync-period=soon", "is not a duration")]
    public void Bad_flags_are_refused_with_a_reason(string flag, string reason) =>
        Assert.That(() => KubeProxyOptions.Parse([flag]), Throws.InstanceOf<ArgumentException>().Or.InstanceOf<FormatException>().With.Message.Contains(reason));

    [TestCase("30s", 30_000)]
    [TestCase("100ms", 100)]
    [TestCase("1h1m1s", 3_661_000)]
    [TestCase("1.5s", 1_500)]
    [TestCase("0", 0)]
    public void Go_durations_are_understood(string text, int milliseconds) =>
        Assert.That(GoDuration.Parse(text), Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));

    [Test]
    public async Task The_command_exits_2_on_an_unsupported_proxy_mode() =>
        Assert.That(await KubeProxyCommand.RunAsync(["--proxy-mode=ipvs"]), Is.EqualTo(2));
}
