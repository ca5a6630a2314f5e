using ChaosLab.Client.Informers;
using ChaosLab.Client.LeaderElection;
using ChaosLab.Scheduler.Binding;
using ChaosLab.Scheduler.Cache;
using ChaosLab.Scheduler.Events;
using ChaosLab.Scheduler.Framework;
using ChaosLab.Scheduler.Metrics;
using ChaosLab.Scheduler.Queue;
using k8s;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Scheduler;

/// <summary>
/// The scheduler component, wired as kube-scheduler's Run: start the informers (on every replica,
/// so a standby is warm), wait for their caches, then compete for the kube-system/kube-scheduler
/// Lease and run the scheduling loop only while leading. Leadership lost means exit, as upstream:
/// the supervisor restarts the process with a clean cache and queue.
/// </summary>
public sealed class SchedulerService
{
    private readonly SchedulerOptions _options;
    private readonly IKubernetes _client;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly SchedulerCache _cache = new();
    private readonly SchedulingQueue _queue;
    private volatile bool _ready;
    private LeaderElector? _elector;
    private ChaosLab.Client.Informers.Informer<k8s.Models.V1PersistentVolumeClaim, k8s.Models.V1PersistentVolumeClaimList>? _claims;

    public SchedulerService(SchedulerOptions options, IKubernetes client, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options;
        _client = client;
        _loggers = loggers;
        _logger = loggers.CreateLogger("ChaosLab.Scheduler");
        _queue = new SchedulingQueue(backoff: new PodBackoff(options.PodInitialBackoff, options.PodMaxBackoff));
        Identity = LeaderElectionIdentity.Create();
        Metrics.PendingPods = () => (_queue.ActiveCount, _queue.BackoffCount, _queue.UnschedulableCount);
        Metrics.IsLeader = () => IsLeader;
    }

    /// <summary>The holder identity on the Lease and the reportingInstance of events: hostname_uuid.</summary>
    public string Identity { get; }

    public SchedulerMetrics Metrics { get; } = new();

    /// <summary>True once the informers have synced (upstream's /readyz "sched-handler-sync").</summary>
    public bool IsReady => _ready;

    public bool IsLeader => _options.LeaderElect ? _elector?.IsLeader == true : _ready;

    /// <summary>Runs until cancelled (exit code 0) or until leadership is lost (exit code 1).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var informerOptions = InformerOptions.Default;
        var handlers = new ClusterEventHandlers(_cache, _queue, _options.SchedulerName);
        var factory = new InformerFactory(_client, TimeSpan.Zero, informerOptions, _loggers);
        var nodes = factory.Nodes();
        nodes.AddEventHandler(handlers.OnNodeAdd, handlers.OnNodeUpdate, handlers.OnNodeDelete);
        var pods = PendingPodInformer.Create(_client, informerOptions, _loggers.CreateLogger("ChaosLab.Client.Informer.pods"));
        pods.AddEventHandler(handlers.OnPodAdd, handlers.OnPodUpdate, handlers.OnPodDelete);
        // A claim that appears or gets bound may let a waiting pod through (VolumeBinding).
        _claims = factory.PersistentVolumeClaims();
        _claims.AddEventHandler(_ => _queue.MoveAllToActiveOrBackoff(), (_, _) => _queue.MoveAllToActiveOrBackoff());
        var events = new ApiEventRecorder(_client, Identity, _loggers.CreateLogger("ChaosLab.Scheduler.Events"));

        var background = new List<Task>
        {
            factory.Start(stopping.Token),
            Task.Run(() => pods.RunAsync(stopping.Token), CancellationToken.None),
            events.RunAsync(stopping.Token),
        };
        var exitCode = 0;
        try
        {
            _logger.LogInformation("kube-scheduler (chaoslab) {Identity} waiting for informer caches to sync", Identity);
            await Task.WhenAll(nodes.WaitForSyncAsync(stopping.Token), pods.WaitForSyncAsync(stopping.Token), _claims.WaitForSyncAsync(stopping.Token));
            _ready = true;
            _logger.LogInformation("caches synced: {Nodes} nodes, {Pods} bound pods, {Pending} pending pods",
                _cache.NodeCount, _cache.PodCount, _queue.ActiveCount);
            exitCode = await ScheduleWhileLeadingAsync(events, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutdown before the caches synced.
        }
        finally
        {
            _queue.Close();
            await stopping.CancelAsync();
            await Task.WhenAll(background);
        }
        return exitCode;
    }

    private async Task<int> ScheduleWhileLeadingAsync(IEventRecorder events, CancellationToken ct)
    {
        using var loop = new SchedulingLoop(
            _queue, _cache, SchedulingAlgorithm.CreateDefault(claims: (ns, name) => _claims?.Cache.Get(ns, name)), new ApiPodBinder(_client), events, Metrics,
            _loggers.CreateLogger("ChaosLab.Scheduler.SchedulingLoop"), maxConcurrentBinds: _options.MaxConcurrentBinds);
        if (!_options.LeaderElect)
        {
            await loop.RunAsync(ct);
            return 0;
        }
        Task? leadingWork = null;
        var withoutLease = _options.Mutant == SchedulerMutants.WithoutLease;
        if (withoutLease)
        {
            _logger.LogWarning("mutant {Mutant}: scheduling without holding the {Lease} Lease", SchedulerMutants.WithoutLease, _options.LeaseName);
            leadingWork = loop.RunAsync(ct);
        }
        _elector = new LeaderElector(
            new LeaderElectionConfig
            {
                LockNamespace = _options.LeaseNamespace,
                LockName = _options.LeaseName,
                Identity = Identity,
                LeaseDuration = _options.LeaseDuration,
                RenewDeadline = _options.RenewDeadline,
                RetryPeriod = _options.RetryPeriod,
                // Hand over at once on a clean shutdown rather than make the standby wait out the lease.
                ReleaseOnCancel = true,
                // The mutant's loop already runs; leading changes nothing for it.
                OnStartedLeading = leading => withoutLease ? leadingWork ?? Task.CompletedTask : leadingWork = loop.RunAsync(leading),
            },
            _client,
            _loggers.CreateLogger("ChaosLab.Client.LeaderElection"));
        await _elector.RunAsync(ct);
        if (leadingWork is not null)
        {
            // The elector does not always wait for the leader's work; bindings must end before the loop is disposed.
            await leadingWork;
        }
        if (ct.IsCancellationRequested)
        {
            return 0;
        }
        _logger.LogError("leaderelection lost");
        return 1;
    }
}
