using ChaosLab.KubeProxy.Health;
using ChaosLab.KubeProxy.Iptables;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChaosLab.KubeProxy;

/// <summary>
/// `chaoslab-node kube-proxy [flags]`: the service proxy of a node, with /healthz, /livez and /metrics on
/// --healthz-port. Exit codes: 0 after a clean stop (SIGTERM/SIGINT) or --cleanup; 1 when it cannot
/// start; 2 for bad flags.
/// </summary>
public static class KubeProxyCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        KubeProxyOptions options;
        try
        {
            options = KubeProxyOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"chaoslab-node kube-proxy: {ex.Message}");
            return 2;
        }
        var applier = new ProxyRulesApplier(new IptablesClient(new ProcessCommandRunner()));
        if (options.Cleanup)
        {
            return await CleanupAsync(applier);
        }
        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or k8s.Exceptions.KubeConfigException)
        {
            await Console.Error.WriteLineAsync($"chaoslab-node kube-proxy: cannot load --kubeconfig {options.Kubeconfig}: {ex.Message}");
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
        builder.Logging.AddFilter("ChaosLab.Client", LogLevel.Information);
        builder.WebHost.UseUrls($"http://0.0.0.0:{options.HealthzPort}");
        var app = builder.Build();
        var health = new ProxyHealth(options.HealthTimeout);
        var metrics = new ProxyMetrics();
        HealthEndpoints.Map(app, health, metrics);

        app.Logger.LogInformation("{Sysctl}", BridgeSysctl.TryEnable());
        using var client = new Kubernetes(config);
        var proxy = new KubeProxyService(options, client, applier, health, metrics, app.Services.GetRequiredService<ILoggerFactory>());
        await app.StartAsync();
        var stopping = app.Lifetime.ApplicationStopping;
        try
        {
            await proxy.RunAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        await app.StopAsync();
        return 0;
    }

    private static async Task<int> CleanupAsync(ProxyRulesApplier applier)
    {
        try
        {
            await applier.CleanupAsync();
            await Console.Out.WriteLineAsync("kube-proxy: removed its jumps and KUBE-* chains");
            return 0;
        }
        catch (IptablesException ex)
        {
            await Console.Error.WriteLineAsync($"chaoslab-node kube-proxy --cleanup: {ex.Message}");
            return 1;
        }
    }
}
