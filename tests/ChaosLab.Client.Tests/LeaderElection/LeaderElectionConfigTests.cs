using ChaosLab.Client.LeaderElection;

namespace ChaosLab.Client.Tests.LeaderElection;

[Category("Unit")]
public sealed class LeaderElectionConfigTests
{
    [Test]
    public void The_default_timings_are_valid()
    {
        var config = Config();

        Assert.DoesNotThrow(config.Validate);
        Assert.That(config.LeaseDurationSeconds, Is.EqualTo(15));
    }

    [TestCase(10, 10, 2, "LeaseDuration must be greater than RenewDeadline")]
    [TestCase(15, 2, 2, "RenewDeadline must be greater than RetryPeriod*1.2")]
    [TestCase(15, 10, 0, "RetryPeriod must be greater than zero")]
    public void Timings_under_which_two_leaders_could_overlap_are_rejected(int lease, int renew, int retry, string message)
    {
        var config = Config(TimeSpan.FromSeconds(lease), TimeSpan.FromSeconds(renew), TimeSpan.FromSeconds(retry));

        Assert.That(config.Validate, Throws.ArgumentException.With.Message.Contains(message));
    }

    [Test]
    public void An_identity_is_hostname_underscore_uuid_and_unique_per_call()
    {
        var identity = LeaderElectionIdentity.Create("cp-1");

        Assert.That(identity, Does.Match("^cp-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
        var first = LeaderElectionIdentity.Create();
        var second = LeaderElectionIdentity.Create();
        Assert.That(first, Is.Not.EqualTo(second));
    }

    private static LeaderElectionConfig Config(TimeSpan? lease = null, TimeSpan? renew = null, TimeSpan? retry = null)
    {
        var defaults = new LeaderElectionConfig
        {
            LockNamespace = "kube-system",
            LockName = "kube-scheduler",
            Identity = "cp-1_x",
            OnStartedLeading = _ => Task.CompletedTask,
        };
        return new LeaderElectionConfig
        {
            LockNamespace = defaults.LockNamespace,
            LockName = defaults.LockName,
            Identity = defaults.Identity,
            OnStartedLeading = defaults.OnStartedLeading,
            LeaseDuration = lease ?? defaults.LeaseDuration,
            RenewDeadline = renew ?? defaults.RenewDeadline,
            RetryPeriod = retry ?? defaults.RetryPeriod,
        };
    }
}
