using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Scheduler;

/// <summary>
/// /healthz, /livez, /readyz and /metrics over plain HTTP on --bind-address:--secure-port.
/// </summary>
public static class HealthServer
{
    public static WebApplication Build(SchedulerOptions options, SchedulerService scheduler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scheduler);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.BindAddress, options.SecurePort);
        });
        var app = builder.Build();
        app.Run(context => context.Request.Path.Value switch
        {
            "/healthz" or "/livez" => Text(context, 200, "ok"),
            // Upstream's readyz fails until the event handlers have synced.
            "/readyz" => scheduler.IsReady ? Text(context, 200, "ok") : Text(context, 503, "[-]sched-handler-sync failed: not synced\nreadyz check failed"),
            "/metrics" => Text(context, 200, scheduler.Metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"),
            _ => Text(context, 404, "404 page not found"),
        });
        return app;
    }

    private static Task Text(HttpContext context, int status, string body, string contentType = "text/plain; charset=utf-8")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body);
    }
}
