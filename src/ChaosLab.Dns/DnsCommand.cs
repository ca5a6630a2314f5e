using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Dns;

/// <summary>
/// `chaoslab-node dns [flags]`: the cluster DNS server. Without --kubeconfig it uses the in-cluster config (a pod's
/// service account). Plain HTTP beside DNS, each on its own port as CoreDNS's plugins: /health (live while the process
/// runs), /ready (200 once the first lists are synced) and /metrics. Exit codes: 0 after a clean stop, 1 when it
/// cannot start, 2 for bad flags.
/// </summary>
public static class DnsCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        DnsOptions options;
        try
        {
            options = DnsOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"chaoslab-node dns: {ex.Message}");
            return 2;
        }
        KubernetesClientConfiguration config;
        try
        {
            config = options.Kubeconfig is { } path
                ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path)
                : KubernetesClientConfiguration.InClusterConfig();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or k8s.Exceptions.KubeConfigException)
        {
            await Console.Error.WriteLineAsync($"chaoslab-node dns: cannot load the client config ({options.Kubeconfig ?? "in-cluster"}): {ex.Message}");
            return 1;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.UseUrls($"http://0.0.0.0:{options.HealthPort}", $"http://0.0.0.0:{options.ReadyPort}", $"http://0.0.0.0:{options.MetricsPort}");
        var app = builder.Build();
        var metrics = new DnsMetrics();
        using var client = new Kubernetes(config);
        var server = new ClusterDnsServer(options, client, metrics, app.Services.GetRequiredService<ILoggerFactory>());
        app.MapGet("/health", (HttpContext c) => OnPort(c, options.HealthPort, () => Results.Text("OK")));
        app.MapGet("/ready", (HttpContext c) => OnPort(c, options.ReadyPort, () => server.Ready
            ? Results.Text("OK")
            : Results.Text("kubernetes: caches not synced", statusCode: StatusCodes.Status503ServiceUnavailable)));
        app.MapGet("/metrics", (HttpContext c) => OnPort(c, options.MetricsPort, () => Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8")));

        await app.StartAsync();
        var stopping = app.Lifetime.ApplicationStopping;
        try
        {
            await server.RunAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            app.Logger.LogError("cannot serve DNS on port {Port}: {Error}", options.DnsPort, ex.Message);
            await app.StopAsync();
            return 1;
        }
        await app.StopAsync();
        return 0;
    }

    /// <summary>Each endpoint answers on its own port only, as CoreDNS's health, ready and prometheus plugins listen apart.</summary>
    private static IResult OnPort(HttpContext context, int port, Func<IResult> answer) =>
        context.Connection.LocalPort == port ? answer() : Results.NotFound();
}
