using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.Hosting;

/// <summary>/healthz, /livez, /readyz and /metrics over plain HTTP on --bind-address:--port.</summary>
internal static class HealthServer
{
    public static WebApplication Build(ControllerManagerOptions options, ControllerMetrics metrics)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.BindAddress, options.Port);
        });
        var app = builder.Build();
        app.Run(context => context.Request.Path.Value switch
        {
            // A standby is healthy too: it competes for the lease and takes over when the leader goes.
            "/healthz" or "/livez" or "/readyz" => Text(context, 200, "ok"),
            "/metrics" => Text(context, 200, metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"),
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
