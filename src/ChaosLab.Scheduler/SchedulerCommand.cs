using System.Runtime.InteropServices;
using k8s;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Scheduler;

/// <summary><c>chaoslab-node scheduler [flags]</c>: kube-scheduler's command line.</summary>
public static class SchedulerCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        SchedulerOptions options;
        try
        {
            options = SchedulerOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"chaoslab-node scheduler: {ex.Message}");
            return 2;
        }
        using var loggers = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            })
            .SetMinimumLevel(LevelFor(options.Verbosity))
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("System.Net.Http", LogLevel.Warning));
        var logger = loggers.CreateLogger("ChaosLab.Scheduler");

        using var client = new Kubernetes(ClientConfiguration(options));
        var scheduler = new SchedulerService(options, client, loggers);
        using var shutdown = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        await using var health = options.SecurePort > 0 ? HealthServer.Build(options, scheduler) : null;
        if (health is not null)
        {
            await health.StartAsync();
            logger.LogInformation("serving /healthz, /readyz and /metrics on http://{Address}:{Port}", options.BindAddress, options.SecurePort);
        }
        var exitCode = await scheduler.RunAsync(shutdown.Token);
        if (health is not null)
        {
            await health.StopAsync();
        }
        logger.LogInformation("scheduler stopped (exit code {ExitCode})", exitCode);
        return exitCode;

        // Graceful: stop scheduling, let started bindings finish, hand the lease over, then exit.
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            logger.LogInformation("received {Signal}; shutting down", context.Signal);
            shutdown.Cancel();
        }
    }

    private static KubernetesClientConfiguration ClientConfiguration(SchedulerOptions options) =>
        options.Kubeconfig is { Length: > 0 } path
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path)
            : KubernetesClientConfiguration.BuildDefaultConfig();

    private static LogLevel LevelFor(int verbosity) => verbosity switch
    {
        <= 1 => LogLevel.Information,
        <= 3 => LogLevel.Debug,
        _ => LogLevel.Trace,
    };
}
