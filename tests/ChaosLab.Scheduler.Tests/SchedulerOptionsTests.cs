using ChaosLab.Client.Flags;
using System.Net;

namespace ChaosLab.Scheduler.Tests;

[Category("Unit")]
public sealed class SchedulerOptionsTests
{
    [Test]
    public void Defaults_are_upstreams()
    {
        var options = SchedulerOptions.Parse([]);

        Assert.That(options.LeaderElect, Is.True);
        Assert.That(options.LeaseDuration, Is.EqualTo(TimeSpan.FromSeconds(15)));
        Assert.That(options.RenewDeadline, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(options.RetryPeriod, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That((options.LeaseNamespace, options.LeaseName), Is.EqualTo(("kube-system", "kube-scheduler")));
        Assert.That(options.SecurePort, Is.EqualTo(10259));
    }

    [Test]
    public void Flags_parse_like_pflag()
    {
        var options = SchedulerOptions.Parse(
        [
            "--kubeconfig=/etc/kubernetes/scheduler.conf", "--leader-elect",
            "--leader-elect-lease-duration=4s", "--leader-elect-renew-deadline", "3s", "--leader-elect-retry-period=500ms",
            "--bind-address=127.0.0.1", "--secure-port=20259", "--v=2",
        ]);

        Assert.That(options.Kubeconfig, Is.EqualTo("/etc/kubernetes/scheduler.conf"));
        Assert.That(options.LeaseDuration, Is.EqualTo(TimeSpan.FromSeconds(4)));
        Assert.That(options.RenewDeadline, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(options.RetryPeriod, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        Assert.That(options.BindAddress, Is.EqualTo(IPAddress.Loopback));
        Assert.That(options.SecurePort, Is.EqualTo(20259));
        Assert.That(options.Verbosity, Is.EqualTo(2));
    }

    [Test]
    public void Leader_election_can_be_turned_off() =>
        Assert.That(SchedulerOptions.Parse(["--leader-elect=false"]).LeaderElect, Is.False);

    [Test]
    public void Unknown_flags_and_unsafe_timings_are_rejected()
    {
        Assert.That(() => SchedulerOptions.Parse(["--no-such-flag=1"]), Throws.ArgumentException.With.Message.Contains("--no-such-flag"));
        Assert.That(() => SchedulerOptions.Parse(["--leader-elect-renew-deadline=20s"]), Throws.ArgumentException);
        Assert.That(() => SchedulerOptions.Parse(["--leader-elect-retry-period=soon"]), Throws.ArgumentException.With.Message.Contains("retry-period"));
    }

    [TestCase("15s", 15_000)]
    [TestCase("1m30s", 90_000)]
    [TestCase("250ms", 250)]
    [TestCase("0", 0)]
    public void Go_durations(string text, int milliseconds) =>
        Assert.That(GoDuration.Parse(text), Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
}
