using System.Net;
using ChaosLab.KubeProxy.Health;
using ChaosLab.KubeProxy.Rules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChaosLab.KubeProxy.Tests.Health;

[Category("Unit")]
public sealed class HealthEndpointsTests
{
    [Test]
    public async Task Healthz_is_503_until_a_sync_succeeds_and_metrics_are_prometheus_text()
    {
        var health = new ProxyHealth(TimeSpan.FromMinutes(1));
        var metrics = new ProxyMetrics();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        HealthEndpoints.Map(app, health, metrics);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        var before = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        health.Updated();
        metrics.RecordSync(TimeSpan.FromMilliseconds(5), new ProxyRules("", 3, 9, [], [], 1), DateTimeOffset.UtcNow);
        var after = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await after.Content.ReadAsStringAsync(), Does.Contain("\"healthy\":true").And.Contain("\"lastSyncAgeSeconds\":"));
        Assert.That(after.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(text, Does.Contain("kubeproxy_sync_proxy_rules_iptables_total{table=\"nat\"} 9"));
        await app.StopAsync();
    }
}
