using ChaosLab.KubeProxy.Health;
using ChaosLab.KubeProxy.Rules;

namespace ChaosLab.KubeProxy.Tests.Health;

[Category("Unit")]
public sealed class HealthAndMetricsTests
{
    [Test]
    public void Unhealthy_before_the_first_sync_healthy_after_and_unhealthy_when_the_sync_is_too_old()
    {
        var time = new ManualTime();
        var health = new ProxyHealth(TimeSpan.FromSeconds(60), time);

        Assert.That(health.Report().Healthy, Is.False);
        health.Updated();
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.That(health.Report(), Has.Property(nameof(HealthReport.Healthy)).True.And.Property(nameof(HealthReport.LastSyncAgeSeconds)).EqualTo(59));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(health.Report().Healthy, Is.False);
    }

    [Test]
    public void A_node_being_deleted_is_not_eligible()
    {
        var health = new ProxyHealth(TimeSpan.FromSeconds(60));
        health.Updated();
        health.SetNodeEligible(false);

        var report = health.Report();
        Assert.That(report.Healthy, Is.False);
        Assert.That(report.ToJson(), Does.Contain("\"nodeEligible\":false").And.Contain("\"lastUpdated\":\""));
    }

    [Test]
    public void Metrics_show_sync_durations_rule_counts_and_failures()
    {
        var metrics = new ProxyMetrics();
        metrics.RecordSync(TimeSpan.FromMilliseconds(3), new ProxyRules("", 4, 12, [], [], 2), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        metrics.RecordFailure(TimeSpan.FromMilliseconds(20));

        var text = metrics.Render();

        Assert.That(text, Does.Contain("kubeproxy_sync_proxy_rules_duration_seconds_bucket{le=\"0.004\"} 1\n"));
        Assert.That(text, Does.Contain("kubeproxy_sync_proxy_rules_duration_seconds_bucket{le=\"+Inf\"} 2\n"));
        Assert.That(text, Does.Contain("kubeproxy_sync_proxy_rules_duration_seconds_count 2\n"));
        Assert.That(text, Does.Contain("kubeproxy_sync_proxy_rules_iptables_total{table=\"nat\"} 12\n"));
        Assert.That(text, Does.Contain("kubeproxy_sync_proxy_rules_iptables_total{table=\"filter\"} 4\n"));
        Assert.That(text, Does.Contain("kubeproxy_sync_proxy_rules_iptables_restore_failures_total 1\n"));
        Assert.That(text, Does.Contain("kubeproxy_sync_proxy_rules_last_timestamp_seconds 1700000000\n"));
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
