using System.Runtime.InteropServices;
using ChaosLab.Client.Informers;
using ChaosLab.Client.LeaderElection;
using ChaosLab.ControllerManager.Hosting;
using ChaosLab.ControllerManager.RootCaCertPublisher;
using k8s;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager;

/// <summary>
/// <c>chaoslab-node controller-manager [flags]</c>: kube-controller-manager's command line. Only the
/// leader of the Lease kube-system/kube-controller-manager runs controllers; losing the lease stops
/// them all at once and ends the process with 1 ("leaderelection lost"), as upstream, so the
/// supervisor restarts it as a fresh candidate.
/// </summary>
public static class ControllerManagerCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        ControllerManagerOptions options;
        try
        {
            options = ControllerManagerOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"chaoslab-node controller-manager: {ex.Message}");
            return 2;
        }
        using var loggers = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            })
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("System.Net.Http", LogLevel.Warning));
        var logger = loggers.CreateLogger("controller-manager");

        var clientConfiguration = ClientConfiguration(options);
        string? rootCaBundle;
        try
        {
            rootCaBundle = RootCaBundle.Load(options.RootCaFile, clientConfiguration);
        }
        catch (InvalidDataException ex)
        {
            logger.LogCritical("{Message}", ex.Message);
            return 1;
        }
        using var client = new Kubernetes(clientConfiguration);
        var metrics = new ControllerMetrics();
        using var shutdown = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        await using var health = options.Port > 0 ? HealthServer.Build(options, metrics) : null;
        if (health is not null)
        {
            await health.StartAsync();
            logger.LogInformation("serving /healthz and /metrics on http://{Address}:{Port}", options.BindAddress, options.Port);
        }
        var exitCode = await RunAsync(options, client, rootCaBundle, metrics, loggers, shutdown.Token);
        if (health is not null)
        {
            await health.StopAsync();
        }
        logger.LogInformation("controller manager stopped (exit code {ExitCode})", exitCode);
        return exitCode;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            logger.LogInformation("received {Signal}; shutting down", context.Signal);
            shutdown.Cancel();
        }
    }

    /// <summary>Competes for the lease (unless --leader-elect=false) and runs the controllers while leading.</summary>
    internal static async Task<int> RunAsync(
        ControllerManagerOptions options, IKubernetes client, string? rootCaBundle, ControllerMetrics metrics, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("controller-manager");
        if (!options.LeaderElect)
        {
            await LeadAsync(options, client, rootCaBundle, metrics, loggers, ct);
            return 0;
        }
        var identity = LeaderElectionIdentity.Create();
        Task? leading = null;
        var elector = new LeaderElector(
            new LeaderElectionConfig
            {
                LockNamespace = options.LeaderElectResourceNamespace,
                LockName = options.LeaderElectResourceName,
                Identity = identity,
                LeaseDuration = options.LeaderElectLeaseDuration,
                RenewDeadline = options.LeaderElectRenewDeadline,
                RetryPeriod = options.LeaderElectRetryPeriod,
                // A clean shutdown hands the lease over at once instead of making the standby wait it out.
                ReleaseOnCancel = true,
                OnStartedLeading = token => leading = LeadAsync(options, client, rootCaBundle, metrics, loggers, token),
                OnStoppedLeading = () => metrics.Leading = false,
                OnNewLeader = holder => logger.LogInformation("leader is {Holder}", holder),
            },
            client,
            loggers.CreateLogger("ChaosLab.Client.LeaderElection"));
        logger.LogInformation("kube-controller-manager (chaoslab) {Identity} competing for lease {Namespace}/{Name}",
            identity, options.LeaderElectResourceNamespace, options.LeaderElectResourceName);
        await elector.RunAsync(ct);
        if (leading is not null)
        {
            // The controllers were cancelled the moment the lease was lost; let them finish winding down.
            await leading;
        }
        if (ct.IsCancellationRequested)
        {
            return 0;
        }
        logger.LogError("leaderelection lost");
        return 1;
    }

    private static async Task LeadAsync(
        ControllerManagerOptions options, IKubernetes client, string? rootCaBundle, ControllerMetrics metrics, ILoggerFactory loggers, CancellationToken ct)
    {
        metrics.Leading = true;
        try
        {
            var informers = new InformerFactory(client, options.MinResyncPeriod, InformerOptions.Default, loggers);
            var context = new ControllerContext(client, informers, options, TimeProvider.System, loggers, metrics) { RootCaBundle = rootCaBundle };
            await using var controllers = new ControllerSet(context);
            loggers.CreateLogger("controller-manager").LogInformation("started leading; running controllers {Controllers}", string.Join(", ", controllers.Names));
            await controllers.RunAsync(ct);
        }
        finally
        {
            metrics.Leading = false;
        }
    }

    private static KubernetesClientConfiguration ClientConfiguration(ControllerManagerOptions options) =>
        options.Kubeconfig is { Length: > 0 } path
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path, masterUrl: options.Master)
            : options.Master is { Length: > 0 } master
                ? new KubernetesClientConfiguration { Host = master }
                : KubernetesClientConfiguration.BuildDefaultConfig();
}
