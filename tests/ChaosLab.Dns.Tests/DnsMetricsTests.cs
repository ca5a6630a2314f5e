namespace ChaosLab.Dns.Tests;

[Category("Unit")]
public sealed class DnsMetricsTests
{
    [Test]
    public void Requests_and_responses_are_counted_under_corednss_names()
    {
        var metrics = new DnsMetrics();
        metrics.RecordRequest("udp", "A");
        metrics.RecordRequest("udp", "A");
        metrics.RecordResponse("NXDOMAIN");
        metrics.RecordZoneBuilt(7);

        var text = metrics.Render();

        Assert.That(text, Does.Contain("coredns_dns_requests_total{server=\"dns://:53\",zone=\".\",proto=\"udp\",type=\"A\"} 2\n"));
        Assert.That(text, Does.Contain("coredns_dns_responses_total{server=\"dns://:53\",zone=\".\",rcode=\"NXDOMAIN\"} 1\n"));
        Assert.That(text, Does.Contain("# TYPE coredns_dns_responses_total counter\n"));
        Assert.That(text, Does.Contain("chaoslab_dns_zone_services 7\n"));
    }
}
