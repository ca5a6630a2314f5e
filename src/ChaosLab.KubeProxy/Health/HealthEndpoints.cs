using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ChaosLab.KubeProxy.Health;

/// <summary>The plain-HTTP endpoints on the healthz port: /healthz and /livez (200 or 503, JSON) and /metrics (Prometheus text).</summary>
public static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ProxyHealth health, ProxyMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(metrics);
        app.MapGet("/healthz", () => Health(health));
        app.MapGet("/livez", () => Health(health));
        app.MapGet("/metrics", () => Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"));
    }

    private static IResult Health(ProxyHealth health)
    {
        var report = health.Report();
        return Results.Text(report.ToJson(), "application/json", statusCode: report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
